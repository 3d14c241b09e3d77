package io.coffer.server.oss;

import io.coffer.core.error.CofferException;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A parsed XML request body as a small element tree. The parser refuses DTDs and external
 * entities; character references (Java's {@code &#x000A;} in keys) survive. Anything malformed is
 * {@link CofferException.MalformedXml}.
 */
public final class XmlBody {
  private static final XMLInputFactory FACTORY;
  private static final int MAX_DEPTH = 16;

  static {
    FACTORY = XMLInputFactory.newFactory();
    FACTORY.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    FACTORY.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    FACTORY.setProperty(XMLInputFactory.IS_COALESCING, true);
  }

  /** One element: its name, its text (concatenated, untrimmed), its child elements. */
  public record Node(String name, String text, List<Node> children) {
    public Node child(String childName) {
      for (Node n : children) if (n.name.equals(childName)) return n;
      return null;
    }

    public List<Node> all(String childName) {
      List<Node> out = new ArrayList<>();
      for (Node n : children) if (n.name.equals(childName)) out.add(n);
      return out;
    }

    /** The child's text, or null when there is no such child. */
    public String childText(String childName) {
      Node n = child(childName);
      return n == null ? null : n.text;
    }
  }

  private XmlBody() {}

  public static Node parse(byte[] body) {
    if (body.length == 0) throw new CofferException.MalformedXml();
    try {
      XMLStreamReader r = FACTORY.createXMLStreamReader(new ByteArrayInputStream(body));
      try {
        while (r.hasNext()) {
          int ev = r.next();
          if (ev == XMLStreamConstants.DTD) throw new CofferException.MalformedXml();
          if (ev == XMLStreamConstants.START_ELEMENT) {
            Node root = element(r, 1);
            while (r.hasNext()) {
              int after = r.next();
              if (after == XMLStreamConstants.START_ELEMENT) throw new CofferException.MalformedXml();
            }
            return root;
          }
        }
        throw new CofferException.MalformedXml();
      } finally {
        r.close();
      }
    } catch (XMLStreamException | RuntimeException e) {
      if (e instanceof CofferException ce) throw ce;
      throw new CofferException.MalformedXml();
    }
  }

  private static Node element(XMLStreamReader r, int depth) throws XMLStreamException {
    if (depth > MAX_DEPTH) throw new CofferException.MalformedXml();
    String name = r.getLocalName();
    StringBuilder text = new StringBuilder();
    List<Node> children = new ArrayList<>();
    while (r.hasNext()) {
      int ev = r.next();
      switch (ev) {
        case XMLStreamConstants.START_ELEMENT -> children.add(element(r, depth + 1));
        case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> text.append(r.getText());
        case XMLStreamConstants.ENTITY_REFERENCE, XMLStreamConstants.DTD -> throw new CofferException.MalformedXml();
        case XMLStreamConstants.END_ELEMENT -> {
          return new Node(name, text.toString(), children);
        }
        default -> {}
      }
    }
    throw new CofferException.MalformedXml();
  }
}
