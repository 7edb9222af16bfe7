import fs from "node:fs";
import { chromiumPath } from "../support/browser";
import { buildOnce } from "./build-setup";

// Browser tests need Debian's Chromium and a production build of the app in this run's own folder.
export default async function setup() {
  const chromium = chromiumPath();
  if (!fs.existsSync(chromium)) {
    throw new Error(
      `Chromium was not found at ${chromium}. Browser tests need it: install it with ` +
        "`sudo apt-get install -y chromium` (Debian/Ubuntu) or set CHROMIUM_PATH to a Chromium binary.",
    );
  }
  await buildOnce();
}
