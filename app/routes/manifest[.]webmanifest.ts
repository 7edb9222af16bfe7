// GET /manifest.webmanifest (CONTRACT): what a phone needs to install Tindak on its home screen.
export async function loader() {
  const manifest = {
    name: "Tindak",
    short_name: "Tindak",
    description: "Pengaduan layanan publik dan sidak Kota Palembang",
    lang: "id",
    dir: "ltr",
    start_url: "/",
    scope: "/",
    display: "standalone",
    background_color: "#ffffff",
    theme_color: "#0b5d57",
    icons: [
      { src: "/icons/tindak-192.png", sizes: "192x192", type: "image/png" },
      { src: "/icons/tindak-512.png", sizes: "512x512", type: "image/png" },
      { src: "/icons/tindak-maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
    ],
    shortcuts: [{ name: "Buat pengaduan", url: "/complaints/new" }],
  };
  return new Response(JSON.stringify(manifest), {
    headers: { "Content-Type": "application/manifest+json; charset=utf-8", "Cache-Control": "public, max-age=3600" },
  });
}
