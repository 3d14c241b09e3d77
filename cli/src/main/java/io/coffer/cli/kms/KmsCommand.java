package io.coffer.cli.kms;

import picocli.CommandLine.Command;

/**
 * {@code coffer kms …}: Coffer's built-in KMS through the official KMS SDK (docs/api/kms.md).
 * Not runnable itself: without a subcommand picocli answers a usage error.
 */
@Command(name = "kms", mixinStandardHelpOptions = true,
    description = "Manage KMS keys and aliases, and import key material (BYOK).",
    subcommands = {KeyCommands.CreateKey.class, KeyCommands.ListKeys.class, KeyCommands.DescribeKey.class,
        KeyCommands.EnableKey.class, KeyCommands.DisableKey.class, KeyCommands.ScheduleKeyDeletion.class,
        KeyCommands.CancelKeyDeletion.class, KeyCommands.UpdateRotationPolicy.class, AliasCommands.CreateAlias.class,
        AliasCommands.ListAliases.class, AliasCommands.DeleteAlias.class, ImportCommands.ImportKeyMaterial.class,
        ImportCommands.DeleteKeyMaterial.class})
public final class KmsCommand {}
