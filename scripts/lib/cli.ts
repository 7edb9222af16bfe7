import fs from "node:fs";
import { getEnv, sqlitePath } from "../../app/lib/env.server";
import { translate, type MessageKey } from "../../app/i18n";
import { en } from "../../app/i18n/en.server";

// Small helpers shared by the operator commands in scripts/.

/** An app message in Bahasa Indonesia, then English, as the app's rules word it. */
export function bilingual(key: MessageKey): string {
  return `${translate("id", key)} / ${en[key as keyof typeof en] ?? key}`;
}

export class CliError extends Error {}

/** The SQLite file DATABASE_URL names. */
export function databaseFile(): string {
  return sqlitePath(getEnv().DATABASE_URL);
}

/** For read-only commands: the database must exist; opening a missing one would create an empty file. */
export function existingDatabaseFile(): string {
  const file = databaseFile();
  if (!fs.existsSync(file)) throw new CliError(`no database at ${file} (DATABASE_URL): nothing to read.`);
  return file;
}

/** Runs a command's main: one line on failure (the message only for expected errors), exit code 1. */
export function runCli(name: string, main: () => Promise<number | void>) {
  main()
    .then((code) => process.exit(code ?? 0))
    .catch((error) => {
      const message = error instanceof CliError || error instanceof Error ? error.message : String(error);
      console.error(`[${name}] ${message}`);
      process.exit(1);
    });
}
