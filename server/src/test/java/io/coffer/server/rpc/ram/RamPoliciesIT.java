package io.coffer.server.rpc.ram;

import static io.coffer.server.rpc.ram.RamCalls.ALLOW_ALL;
import static io.coffer.server.rpc.ram.RamCalls.ALLOW_OSS_READ;
import static io.coffer.server.rpc.ram.RamCalls.TIME;
import static io.coffer.server.rpc.ram.RamCalls.assertRamError;
import static io.coffer.server.rpc.ram.RamCalls.createPolicy;
import static io.coffer.server.rpc.ram.RamCalls.raw;
import static io.coffer.server.rpc.ram.RamCalls.rawRam;
import static io.coffer.server.rpc.ram.RamCalls.repeat;
import static org.assertj.core.api.Assertions.assertThat;

import com.aliyuncs.ram.model.v20150501.CreatePolicyRequest;
import com.aliyuncs.ram.model.v20150501.CreatePolicyResponse;
import com.aliyuncs.ram.model.v20150501.CreatePolicyVersionRequest;
import com.aliyuncs.ram.model.v20150501.CreatePolicyVersionResponse;
import com.aliyuncs.ram.model.v20150501.DeletePolicyRequest;
import com.aliyuncs.ram.model.v20150501.DeletePolicyVersionRequest;
import com.aliyuncs.ram.model.v20150501.GetPolicyRequest;
import com.aliyuncs.ram.model.v20150501.GetPolicyResponse;
import com.aliyuncs.ram.model.v20150501.GetPolicyVersionRequest;
import com.aliyuncs.ram.model.v20150501.ListPoliciesRequest;
import com.aliyuncs.ram.model.v20150501.ListPoliciesResponse;
import com.aliyuncs.ram.model.v20150501.ListPolicyVersionsRequest;
import com.aliyuncs.ram.model.v20150501.ListPolicyVersionsResponse;
import com.aliyuncs.ram.model.v20150501.SetDefaultPolicyVersionRequest;
import com.aliyuncs.ram.model.v20150501.UpdatePolicyDescriptionRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coffer.server.testing.CofferExtension;
import io.coffer.server.testing.PopClient;
import io.coffer.server.testing.RawAnswer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** RAM policies and versions through the official RAM SDK: custom ones made and changed, system ones read-only. */
class RamPoliciesIT {
  @RegisterExtension static final CofferExtension coffer = new CofferExtension();
  static final List<String> SYSTEM = List.of("AdministratorAccess", "ReadOnlyAccess", "AliyunOSSFullAccess",
      "AliyunOSSReadOnlyAccess", "AliyunKMSFullAccess", "AliyunKMSReadOnlyAccess", "AliyunKMSCryptoAccess",
      "AliyunRAMFullAccess", "AliyunRAMReadOnlyAccess");
  private static final ObjectMapper JSON = new ObjectMapper();
  static PopClient ram;

  @BeforeAll
  static void setUp() {
    ram = coffer.kms();
  }

  private static GetPolicyResponse getPolicy(String type, String name) throws Exception {
    GetPolicyRequest r = new GetPolicyRequest();
    r.setPolicyType(type);
    r.setPolicyName(name);
    return ram.call(r);
  }

  private static CreatePolicyVersionResponse.PolicyVersion newVersion(String name, String doc, boolean setAsDefault,
      String rotate) throws Exception {
    CreatePolicyVersionRequest r = new CreatePolicyVersionRequest();
    r.setPolicyName(name);
    r.setPolicyDocument(doc);
    r.setSetAsDefault(setAsDefault);
    if (rotate != null) r.setRotateStrategy(rotate);
    return ram.call(r).getPolicyVersion();
  }

  private static List<String> versionIds(String type, String name) throws Exception {
    ListPolicyVersionsRequest r = new ListPolicyVersionsRequest();
    r.setPolicyType(type);
    r.setPolicyName(name);
    return ram.call(r).getPolicyVersions().stream().map(ListPolicyVersionsResponse.PolicyVersion::getVersionId).toList();
  }

  /** Every policy of a type (null: all) as {@code Type:Name}, following markers. */
  private static List<String> policies(String type, Integer maxItems) throws Exception {
    List<String> out = new ArrayList<>();
    String marker = null;
    do {
      ListPoliciesRequest r = new ListPoliciesRequest();
      if (type != null) r.setPolicyType(type);
      if (maxItems != null) r.setMaxItems(maxItems);
      if (marker != null) r.setMarker(marker);
      ListPoliciesResponse page = ram.call(r);
      if (maxItems != null) assertThat(page.getPolicies()).hasSizeLessThanOrEqualTo(maxItems);
      page.getPolicies().forEach(p -> out.add(p.getPolicyType() + ":" + p.getPolicyName()));
      marker = page.getIsTruncated() ? page.getMarker() : null;
    } while (marker != null);
    return out;
  }

  private static String doc(String action) {
    return "{\"Version\":\"1\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"" + action + "\",\"Resource\":\"*\"}]}";
  }

  @Test
  void createPolicy_isCustomV1_andGetPolicyShowsItsDocumentAndDefaultVersion() throws Exception {
    CreatePolicyRequest r = new CreatePolicyRequest();
    r.setPolicyName("oss-readers");
    r.setPolicyDocument(ALLOW_OSS_READ);
    r.setDescription("read buckets");
    CreatePolicyResponse.Policy p = ram.call(r).getPolicy();
    assertThat(p.getPolicyName()).isEqualTo("oss-readers");
    assertThat(p.getPolicyType()).isEqualTo("Custom");
    assertThat(p.getDescription()).isEqualTo("read buckets");
    assertThat(p.getDefaultVersion()).isEqualTo("v1");
    assertThat(p.getCreateDate()).matches(TIME);

    GetPolicyResponse g = getPolicy("Custom", "oss-readers");
    assertThat(g.getPolicy().getPolicyDocument()).isEqualTo(ALLOW_OSS_READ);
    assertThat(g.getPolicy().getAttachmentCount()).isZero();
    assertThat(g.getPolicy().getUpdateDate()).isEqualTo(p.getCreateDate());
    assertThat(g.getPolicy().getDefaultVersion()).isEqualTo("v1");
    assertThat(g.getDefaultPolicyVersion().getVersionId()).isEqualTo("v1");
    assertThat(g.getDefaultPolicyVersion().getIsDefaultVersion()).isTrue();
    assertThat(g.getDefaultPolicyVersion().getPolicyDocument()).isEqualTo(ALLOW_OSS_READ);
    assertThat(g.getDefaultPolicyVersion().getCreateDate()).isEqualTo(p.getCreateDate());
  }

  @Test
  void systemPolicies_areListedAndReadable_butNotChangeable() throws Exception {
    assertThat(policies("System", null)).containsExactlyInAnyOrderElementsOf(
        SYSTEM.stream().map(n -> "System:" + n).toList());
    GetPolicyResponse admin = getPolicy("System", "AdministratorAccess");
    assertThat(admin.getPolicy().getPolicyType()).isEqualTo("System");
    assertThat(admin.getPolicy().getDescription()).isNotEmpty();
    assertThat(admin.getPolicy().getDefaultVersion()).isEqualTo("v1");
    JsonNode adminDoc = JSON.readTree(admin.getPolicy().getPolicyDocument());
    assertThat(adminDoc.path("Version").asText()).isEqualTo("1");
    assertThat(adminDoc.path("Statement")).singleElement().satisfies(st -> {
      assertThat(st.path("Effect").asText()).isEqualTo("Allow");
      assertThat(st.path("Action").asText()).isEqualTo("*");
      assertThat(st.path("Resource").asText()).isEqualTo("*");
    });
    assertThat(admin.getDefaultPolicyVersion().getPolicyDocument()).isEqualTo(admin.getPolicy().getPolicyDocument());
    JsonNode ossRead = JSON.readTree(getPolicy("System", "AliyunOSSReadOnlyAccess").getPolicy().getPolicyDocument());
    assertThat(ossRead.path("Statement")).singleElement().satisfies(st -> {
      assertThat(st.path("Effect").asText()).isEqualTo("Allow");
      assertThat(st.path("Action")).extracting(JsonNode::asText).containsExactlyInAnyOrder("oss:Get*", "oss:List*");
    });
    assertThat(versionIds("System", "AliyunKMSFullAccess")).containsExactly("v1");

    DeletePolicyRequest d = new DeletePolicyRequest();
    d.setPolicyName("AdministratorAccess");
    assertRamError(() -> ram.call(d), "EntityNotExist.Policy");
    assertRamError(() -> newVersion("AdministratorAccess", ALLOW_ALL, true, null), "EntityNotExist.Policy");
    assertRamError(() -> createPolicy(ram, "ReadOnlyAccess", ALLOW_ALL), "EntityAlreadyExists.Policy");
    assertRamError(() -> getPolicy("Custom", "ReadOnlyAccess"), "EntityNotExist.Policy");
    assertThat(getPolicy("System", "AdministratorAccess").getPolicy().getPolicyDocument())
        .isEqualTo(admin.getPolicy().getPolicyDocument());
  }

  @Test
  void listPolicies_typeFilterAndPaging_coverEveryPolicyOnce() throws Exception {
    for (String n : List.of("list-a", "list-b", "list-c")) createPolicy(ram, n, ALLOW_ALL);
    List<String> all = policies(null, null);
    assertThat(all).doesNotHaveDuplicates().contains("Custom:list-a", "Custom:list-b", "Custom:list-c",
        "System:AdministratorAccess");
    assertThat(policies(null, 2)).isEqualTo(all);
    assertThat(policies("Custom", 1)).isEqualTo(policies("Custom", null)).allMatch(p -> p.startsWith("Custom:"));
    assertThat(policies("Custom", null)).hasSize(all.size() - SYSTEM.size());

    ListPoliciesRequest r = new ListPoliciesRequest();
    r.setPolicyType("custom");
    assertRamError(() -> ram.call(r), "InvalidParameter.PolicyType");
    ListPoliciesRequest m = new ListPoliciesRequest();
    m.setMarker("not-a-marker");
    assertRamError(() -> ram.call(m), "InvalidParameter");
  }

  @Test
  void policyVersions_createSetDefaultGetListDelete() throws Exception {
    createPolicy(ram, "versioned", doc("oss:GetObject"));
    CreatePolicyVersionResponse.PolicyVersion v2 = newVersion("versioned", doc("oss:PutObject"), false, null);
    assertThat(v2.getVersionId()).isEqualTo("v2");
    assertThat(v2.getIsDefaultVersion()).isFalse();
    assertThat(v2.getPolicyDocument()).isEqualTo(doc("oss:PutObject"));
    assertThat(v2.getCreateDate()).matches(TIME);
    assertThat(getPolicy("Custom", "versioned").getPolicy().getDefaultVersion()).isEqualTo("v1");

    CreatePolicyVersionResponse.PolicyVersion v3 = newVersion("versioned", doc("oss:DeleteObject"), true, null);
    assertThat(v3.getIsDefaultVersion()).isTrue();
    GetPolicyResponse g = getPolicy("Custom", "versioned");
    assertThat(g.getPolicy().getDefaultVersion()).isEqualTo("v3");
    assertThat(g.getPolicy().getPolicyDocument()).isEqualTo(doc("oss:DeleteObject"));
    assertThat(versionIds("Custom", "versioned")).containsExactly("v1", "v2", "v3");

    GetPolicyVersionRequest gv = new GetPolicyVersionRequest();
    gv.setPolicyType("Custom");
    gv.setPolicyName("versioned");
    gv.setVersionId("v2");
    assertThat(ram.call(gv).getPolicyVersion().getPolicyDocument()).isEqualTo(doc("oss:PutObject"));
    assertThat(ram.call(gv).getPolicyVersion().getIsDefaultVersion()).isFalse();

    SetDefaultPolicyVersionRequest sd = new SetDefaultPolicyVersionRequest();
    sd.setPolicyName("versioned");
    sd.setVersionId("v2");
    ram.call(sd);
    assertThat(getPolicy("Custom", "versioned").getDefaultPolicyVersion().getVersionId()).isEqualTo("v2");

    DeletePolicyVersionRequest dv = new DeletePolicyVersionRequest();
    dv.setPolicyName("versioned");
    dv.setVersionId("v2");
    assertRamError(() -> ram.call(dv), "DeleteConflict.Policy.Version.Default");
    dv.setVersionId("v3");
    ram.call(dv);
    assertThat(versionIds("Custom", "versioned")).containsExactly("v1", "v2");
    // Numbers are not handed out twice: the next version is v4, not v3 again.
    assertThat(newVersion("versioned", ALLOW_ALL, false, null).getVersionId()).isEqualTo("v4");

    gv.setVersionId("v3");
    assertRamError(() -> ram.call(gv), "EntityNotExist.Policy.Version");
    gv.setVersionId("three");
    assertRamError(() -> ram.call(gv), "InvalidParameter.VersionId.Format");
    sd.setVersionId("v9");
    assertRamError(() -> ram.call(sd), "EntityNotExist.Policy.Version");
    assertThat(getPolicy("Custom", "versioned").getDefaultPolicyVersion().getVersionId()).isEqualTo("v2");
  }

  @Test
  void sixthVersion_isLimitExceeded_unlessRotating_whichDropsTheOldestNonDefault() throws Exception {
    createPolicy(ram, "five", doc("oss:GetObject"));
    for (int i = 2; i <= 5; i++) newVersion("five", doc("oss:Get" + i), false, null);
    assertThat(versionIds("Custom", "five")).containsExactly("v1", "v2", "v3", "v4", "v5");

    assertRamError(() -> newVersion("five", ALLOW_ALL, true, null), "LimitExceeded.Policy.Version");
    assertRamError(() -> newVersion("five", ALLOW_ALL, true, "None"), "LimitExceeded.Policy.Version");
    RawAnswer a = raw(coffer, rawRam("CreatePolicyVersion").param("PolicyName", "five")
        .param("PolicyDocument", ALLOW_ALL));
    assertThat(a.status()).isEqualTo(409);
    assertThat(a.code()).isEqualTo("LimitExceeded.Policy.Version");
    assertThat(versionIds("Custom", "five")).containsExactly("v1", "v2", "v3", "v4", "v5");
    assertThat(getPolicy("Custom", "five").getPolicy().getDefaultVersion()).isEqualTo("v1");

    // v1 is the default, so the oldest non-default is v2.
    newVersion("five", ALLOW_ALL, false, "DeleteOldestNonDefaultVersionWhenLimitExceeded");
    assertThat(versionIds("Custom", "five")).containsExactly("v1", "v3", "v4", "v5", "v6");
    assertRamError(() -> newVersion("five", ALLOW_ALL, false, "Sometimes"), "InvalidParameter");
  }

  @Test
  void malformedDocuments_areMalformedPolicyDocument_andCreateNothing() throws Exception {
    List<String> bad = List.of(
        "not json",
        "{\"Version\":\"1\",\"Statement\":[],}",
        "[{\"Version\":\"1\",\"Statement\":[]}]",
        "{\"Version\":\"2\",\"Statement\":[]}",
        "{\"Version\":1,\"Statement\":[]}",
        "{\"Version\":\"1\"}",
        "{\"Version\":\"1\",\"Statement\":{}}",
        "{\"Version\":\"1\",\"Version\":\"1\",\"Statement\":[]}",
        "{\"Version\":\"1\",\"Statement\":[]} trailing");
    List<String> before = policies("Custom", null);
    createPolicy(ram, "stable", doc("oss:GetObject"));
    for (String d : bad) {
      assertRamError(() -> createPolicy(ram, "malformed", d), "MalformedPolicyDocument");
      assertRamError(() -> newVersion("stable", d, true, null), "MalformedPolicyDocument");
    }
    RawAnswer a = raw(coffer, rawRam("CreatePolicy").param("PolicyName", "malformed")
        .param("PolicyDocument", "{"));
    assertThat(a.status()).isEqualTo(400);
    assertThat(a.code()).isEqualTo("MalformedPolicyDocument");
    String tooLong = "{\"Version\":\"1\",\"Statement\":[],\"Pad\":\"" + repeat('p', 6144) + "\"}";
    assertRamError(() -> createPolicy(ram, "malformed", tooLong), "InvalidParameter.PolicyDocument.Length");
    assertRamError(() -> newVersion("stable", tooLong, true, null), "InvalidParameter.PolicyDocument.Length");

    assertThat(policies("Custom", null)).containsExactlyInAnyOrderElementsOf(
        concat(before, "Custom:stable"));
    assertThat(versionIds("Custom", "stable")).containsExactly("v1");
    assertThat(getPolicy("Custom", "stable").getPolicy().getPolicyDocument()).isEqualTo(doc("oss:GetObject"));
  }

  @Test
  void badNamesAndDuplicates_areRefusedWithTheirCodes_andCreateNothing() throws Exception {
    createPolicy(ram, "taken", ALLOW_ALL);
    List<String> before = policies("Custom", null);
    assertRamError(() -> createPolicy(ram, "under_score", ALLOW_ALL), "InvalidParameter.PolicyName.InvalidChars");
    assertRamError(() -> createPolicy(ram, repeat('n', 129), ALLOW_ALL), "InvalidParameter.PolicyName.Length");
    assertRamError(() -> createPolicy(ram, "taken", doc("oss:GetObject")), "EntityAlreadyExists.Policy");
    CreatePolicyRequest r = new CreatePolicyRequest();
    r.setPolicyName("described");
    r.setPolicyDocument(ALLOW_ALL);
    r.setDescription(repeat('d', 1025));
    assertRamError(() -> ram.call(r), "InvalidParameter.Description.Length");
    RawAnswer a = raw(coffer, rawRam("CreatePolicy").param("PolicyName", "taken")
        .param("PolicyDocument", ALLOW_ALL));
    assertThat(a.status()).isEqualTo(409);
    RawAnswer b = raw(coffer, rawRam("CreatePolicy").param("PolicyName", "bad name")
        .param("PolicyDocument", ALLOW_ALL));
    assertThat(b.status()).isEqualTo(400);
    assertThat(b.code()).isEqualTo("InvalidParameter.PolicyName.InvalidChars");
    assertThat(policies("Custom", null)).isEqualTo(before);
    assertThat(getPolicy("Custom", "taken").getPolicy().getPolicyDocument()).isEqualTo(ALLOW_ALL);
  }

  @Test
  void unknownPolicies_andBadTypes_areRefusedWithTheirCodes() throws Exception {
    assertRamError(() -> getPolicy("Custom", "no-such"), "EntityNotExist.Policy");
    assertRamError(() -> getPolicy("System", "NoSuchAccess"), "EntityNotExist.Policy");
    assertRamError(() -> getPolicy("Managed", "AdministratorAccess"), "InvalidParameter.PolicyType");
    assertRamError(() -> versionIds("Custom", "no-such"), "EntityNotExist.Policy");
    DeletePolicyRequest d = new DeletePolicyRequest();
    d.setPolicyName("no-such");
    assertRamError(() -> ram.call(d), "EntityNotExist.Policy");
    RawAnswer a = raw(coffer, rawRam("GetPolicy").param("PolicyName", "no-such").param("PolicyType", "Custom"));
    assertThat(a.status()).isEqualTo(404);
    RawAnswer b = raw(coffer, rawRam("GetPolicy").param("PolicyName", "no-such").param("PolicyType", "x"));
    assertThat(b.status()).isEqualTo(400);
    assertThat(b.code()).isEqualTo("InvalidParameter.PolicyType");
    RawAnswer c = raw(coffer, rawRam("GetPolicy").param("PolicyName", "no-such"));
    assertThat(c.code()).isEqualTo("MissingParameter");
  }

  @Test
  void deletePolicy_withOtherVersions_isDeleteConflict_untilOnlyTheDefaultRemains() throws Exception {
    createPolicy(ram, "doomed", ALLOW_ALL);
    newVersion("doomed", doc("oss:GetObject"), false, null);
    DeletePolicyRequest d = new DeletePolicyRequest();
    d.setPolicyName("doomed");
    assertRamError(() -> ram.call(d), "DeleteConflict.Policy.Version");
    assertThat(versionIds("Custom", "doomed")).containsExactly("v1", "v2");
    DeletePolicyVersionRequest dv = new DeletePolicyVersionRequest();
    dv.setPolicyName("doomed");
    dv.setVersionId("v2");
    ram.call(dv);
    ram.call(d);
    assertRamError(() -> getPolicy("Custom", "doomed"), "EntityNotExist.Policy");
    // The name is free again and starts over at v1.
    createPolicy(ram, "doomed", doc("oss:PutObject"));
    assertThat(versionIds("Custom", "doomed")).containsExactly("v1");
  }

  @Test
  void updatePolicyDescription_changesOnlyTheDescription() throws Exception {
    createPolicy(ram, "redescribed", ALLOW_ALL);
    UpdatePolicyDescriptionRequest r = new UpdatePolicyDescriptionRequest();
    r.setPolicyName("redescribed");
    r.setNewDescription("now described");
    assertThat(ram.call(r).getPolicy().getDescription()).isEqualTo("now described");
    GetPolicyResponse g = getPolicy("Custom", "redescribed");
    assertThat(g.getPolicy().getDescription()).isEqualTo("now described");
    assertThat(g.getPolicy().getPolicyDocument()).isEqualTo(ALLOW_ALL);
    r.setNewDescription(repeat('d', 1025));
    assertRamError(() -> ram.call(r), "InvalidParameter.NewDescription.Length");
    assertThat(getPolicy("Custom", "redescribed").getPolicy().getDescription()).isEqualTo("now described");
  }

  private static List<String> concat(List<String> l, String more) {
    List<String> out = new ArrayList<>(l);
    out.add(more);
    return out;
  }
}
