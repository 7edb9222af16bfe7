// `npm run seed`: migrates the DATABASE_URL database (created when missing), then seeds the Palembang
// demo into it when it holds no units yet. The CLI lives here, not in prisma/seed.ts, so the compiled
// server (which bundles prisma/seed.ts for first-start seeding) never mistakes itself for this command.
import { migrateDatabase } from "../app/lib/boot.server";
import { DEMO_PASSWORD, DEMO_TRACKING_CODES, seedDemo } from "../prisma/seed";

async function main() {
  await migrateDatabase((line) => console.log(line.replace("[boot]", "[seed]")));
  const { db } = await import("../app/lib/db.server");
  try {
    const result = await seedDemo(db);
    if (!result.seeded) {
      console.log(`[seed] nothing to do: ${result.reason}`);
      return;
    }
    console.log(`[seed] Palembang demo seeded in ${result.ms} ms`);
    for (const [name, n] of Object.entries(result.counts)) console.log(`  ${name.padEnd(16)} ${n}`);
    console.log(`[seed] accounts: admin@demo.tindak.id, inspektur@demo.tindak.id, kepala.dukcapil-su2@demo.tindak.id,`);
    console.log(`       kepala.dukcapil-aal@demo.tindak.id, kepala.puskesmas-nagaswidak@demo.tindak.id (password ${DEMO_PASSWORD})`);
    console.log(`[seed] tracking codes: ${DEMO_TRACKING_CODES.public} (public), ${DEMO_TRACKING_CODES.extortion} (pungli, confidential)`);
  } finally {
    await db.$disconnect();
  }
}

main().catch((error) => {
  console.error(`[seed] failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
