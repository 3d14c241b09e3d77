package io.coffer.core.iam;

/** RAM actions as RAM policies name them ({@code ram:<Name>}). */
public enum RamAction {
  CreateUser, GetUser, UpdateUser, DeleteUser, ListUsers, CreateAccessKey, UpdateAccessKey, DeleteAccessKey,
  ListAccessKeys, CreatePolicy, GetPolicy, DeletePolicy, ListPolicies, UpdatePolicyDescription, CreatePolicyVersion,
  GetPolicyVersion, ListPolicyVersions, DeletePolicyVersion, SetDefaultPolicyVersion, AttachPolicyToUser,
  DetachPolicyFromUser, ListPoliciesForUser, ListEntitiesForPolicy;

  public String policyName() {
    return "ram:" + name();
  }
}
