package io.coffer.cli.ram;

import picocli.CommandLine.Command;

/**
 * {@code coffer ram …}: users, access keys and policies through the official RAM SDK
 * (docs/api/ram.md). Not runnable itself: without a subcommand picocli answers a usage error.
 */
@Command(name = "ram", mixinStandardHelpOptions = true,
    description = "Manage RAM users, their access keys, policies and policy attachments.",
    subcommands = {UserCommands.CreateUser.class, UserCommands.GetUser.class, UserCommands.ListUsers.class,
        UserCommands.UpdateUser.class, UserCommands.DeleteUser.class, AccessKeyCommands.CreateAccessKey.class,
        AccessKeyCommands.ListAccessKeys.class, AccessKeyCommands.UpdateAccessKey.class,
        AccessKeyCommands.DeleteAccessKey.class, PolicyCommands.CreatePolicy.class, PolicyCommands.GetPolicy.class,
        PolicyCommands.ListPolicies.class, PolicyCommands.DeletePolicy.class, PolicyCommands.CreatePolicyVersion.class,
        AttachmentCommands.AttachPolicyToUser.class, AttachmentCommands.DetachPolicyFromUser.class,
        AttachmentCommands.ListPoliciesForUser.class})
public final class RamCommand {}
