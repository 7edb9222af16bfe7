// `npm run admin:create -- --email <e-mail> --name <name>`: the first way into a new installation (or a
// lost one). Migrates the DATABASE_URL database first (creating it when missing), then creates an ADMIN.
// The password is read from standard input when something is piped in (`… < file`, `printf %s "$PW" |`),
// and must pass the same rules as the app (app/lib/password-policy.server.ts); otherwise a strong one is
// generated and printed once. It never appears in the arguments, so it stays out of `ps` and shell history.
import crypto from "node:crypto";
import { parseArgs } from "node:util";
import { migrateDatabase } from "../app/lib/boot.server";
import { passwordProblem, passwordProblemMessage } from "../app/lib/password-policy.server";
import { NewUserSchema } from "../app/models/user.server";
import { bilingual, CliError, runCli } from "./lib/cli";

const USAGE = 'usage: npm run admin:create -- --email <e-mail> --name "<name>"  (password on standard input, or generated)';

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return "";
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
}

runCli("admin:create", async () => {
  let args;
  try {
    args = parseArgs({ options: { email: { type: "string" }, name: { type: "string" } } }).values;
  } catch {
    throw new CliError(USAGE);
  }
  if (!args.email || !args.name) throw new CliError(USAGE);
  const parsed = NewUserSchema.pick({ email: true, name: true }).safeParse(args);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CliError(`--${String(issue.path[0])}: ${bilingual(issue.message as never)}`);
  }
  const piped = await readStdin();
  const generated = piped === "";
  const password = generated ? crypto.randomBytes(15).toString("base64url") : piped;
  const problem = passwordProblem(password);
  if (problem) throw new CliError(`password refused: ${bilingual(passwordProblemMessage(problem))}`);

  await migrateDatabase((line) => console.log(line.replace("[boot]", "[admin:create]")));
  const { db } = await import("../app/lib/db.server");
  const { hashPassword } = await import("../app/lib/auth.server");
  const { appendAudit } = await import("../app/lib/audit.server");
  try {
    const { email, name } = parsed.data;
    if (await db.user.findUnique({ where: { email }, select: { id: true } })) {
      throw new CliError(`${email}: ${bilingual("validation.emailTaken")}`);
    }
    const passwordHash = await hashPassword(password);
    const user = await db.$transaction(async (tx) => {
      const created = await tx.user.create({
        data: { email, name, role: "ADMIN", passwordHash },
        select: { id: true, email: true, name: true, role: true },
      });
      await appendAudit(tx, { actorKind: "SYSTEM", action: "user.create", entityType: "User", entityId: created.id, after: { ...created, via: "admin:create" } });
      return created;
    });
    console.log(`[admin:create] admin ${user.email} created (id ${user.id}); sign in at /login`);
    if (generated) console.log(`[admin:create] password (shown once, store it now): ${password}`);
  } finally {
    await db.$disconnect();
  }
});
