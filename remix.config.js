/** @type {import('@remix-run/dev').AppConfig} */
// Classic Remix compiler (docs/decisions/0001). TINDAK_BUILD_DIR lets tests build into their own folder,
// so parallel test runs never serve each other's half-written build.
const out = process.env.TINDAK_BUILD_DIR;
export default {
  ignoredRouteFiles: ["**/.*", "**/*.test.{ts,tsx}"],
  serverModuleFormat: "esm",
  serverBuildPath: out ? `${out}/server/index.js` : "build/index.js",
  assetsBuildDirectory: out ? `${out}/public/build` : "public/build",
  publicPath: "/build/",
  serverDependenciesToBundle: [/^~\/generated/],
  browserNodeBuiltinsPolyfill: { modules: {} },
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: false,
  },
};
