package io.coffer.server.oss;

import java.io.ByteArrayOutputStream;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Builds an OSS XML response body: {@code <?xml version="1.0" encoding="UTF-8"?>}, then elements in
 * exactly the order written. Not thread-safe; one per response.
 */
public final class Xml {
  private static final XMLOutputFactory FACTORY = XMLOutputFactory.newFactory();

  private final ByteArrayOutputStream out = new ByteArrayOutputStream(512);
  private final XMLStreamWriter w;
  private int depth;

  private Xml(String root) {
    try {
      w = FACTORY.createXMLStreamWriter(out, "UTF-8");
      w.writeStartDocument("UTF-8", "1.0");
      w.writeCharacters("\n");
      w.writeStartElement(root);
      depth = 1;
    } catch (XMLStreamException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Xml document(String root) {
    return new Xml(root);
  }

  public Xml start(String name) {
    try {
      w.writeStartElement(name);
      depth++;
      return this;
    } catch (XMLStreamException e) {
      throw new IllegalStateException(e);
    }
  }

  public Xml end() {
    try {
      w.writeEndElement();
      depth--;
      return this;
    } catch (XMLStreamException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code <name>text</name>}; a null text writes an empty element. */
  public Xml element(String name, String text) {
    try {
      w.writeStartElement(name);
      if (text != null && !text.isEmpty()) characters(text);
      w.writeEndElement();
      return this;
    } catch (XMLStreamException e) {
      throw new IllegalStateException(e);
    }
  }

  public Xml element(String name, long value) {
    return element(name, Long.toString(value));
  }

  public Xml element(String name, boolean value) {
    return element(name, value ? "true" : "false");
  }

  /** Writes the element only when {@code text} is not null. */
  public Xml optional(String name, String text) {
    return text == null ? this : element(name, text);
  }

  /** Root-level text, for documents like {@code <LocationConstraint>oss-x</LocationConstraint>}. */
  public Xml text(String text) {
    try {
      characters(text);
      return this;
    } catch (XMLStreamException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Writes text, with CR as a character reference: a parser turns a literal CR into LF, which
   * would silently change object keys holding one. (Other C0 controls cannot appear in XML 1.0 at
   * all; listings of such keys need {@code encoding-type=url}.)
   */
  private void characters(String text) throws XMLStreamException {
    int from = 0;
    for (int cr = text.indexOf('\r'); cr >= 0; cr = text.indexOf('\r', from)) {
      if (cr > from) w.writeCharacters(text.substring(from, cr));
      w.writeEntityRef("#13");
      from = cr + 1;
    }
    if (from < text.length()) w.writeCharacters(text.substring(from));
  }

  public byte[] toBytes() {
    try {
      while (depth > 0) {
        w.writeEndElement();
        depth--;
      }
      w.writeEndDocument();
      w.flush();
      w.close();
      return out.toByteArray();
    } catch (XMLStreamException e) {
      throw new IllegalStateException(e);
    }
  }
}
