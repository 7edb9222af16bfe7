// `npm run escalate`: one escalation run over the database of DATABASE_URL (the server also runs it
// every 5 minutes). Safe to run at any time and in parallel: each follow-up and level escalates once.
import { db } from "../app/lib/db.server";
import { runEscalation } from "../app/models/follow-up/escalation.server";

async function main() {
  const result = await runEscalation();
  const byLevel = [1, 2, 3].map((level) => result.escalated.filter((e) => e.level === level).length);
  console.log(
    `escalate: ${result.candidates} overdue follow-up(s); new escalations: level 1 ${byLevel[0]}, level 2 ${byLevel[1]}, level 3 ${byLevel[2]}`,
  );
  console.log(`escalated ${JSON.stringify(result.escalated)}`);
}

main()
  .then(() => db.$disconnect())
  .catch(async (error) => {
    console.error(error);
    await db.$disconnect().catch(() => undefined);
    process.exit(1);
  });
