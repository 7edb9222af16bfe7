import { db } from "~/lib/db.server";
import { COMPLAINT_CATEGORIES, isOneOf, OPEN311_PRIVACY_NAMES, PRIVACY_CODES, type ComplaintCategory } from "~/lib/codes";
import { isProtectedCategory } from "~/models/policy.server";

// Open311 GeoReport v2: the services Tindak offers (one per complaint category), their definitions and
// the discovery document (docs/open311.md). The requests themselves are in open311.server.ts.

type ServiceInfo = { name: string; description: string; keywords: string; group: string };

/** The service list, in Bahasa Indonesia (the language of the people who file complaints). */
export const SERVICES: Record<ComplaintCategory, ServiceInfo> = {
  UNDISTRIBUTED_DOCUMENT: {
    name: "Dokumen jadi belum diserahkan",
    description:
      "e-KTP, Kartu Keluarga, akta kelahiran atau dokumen kependudukan lain yang sudah jadi tetapi belum diserahkan kepada warga.",
    keywords: "e-KTP, KTP-el, KK, kartu keluarga, akta, dukcapil, dokumen",
    group: "Administrasi kependudukan",
  },
  EXTORTION: {
    name: "Pungutan liar (pungli)",
    description:
      "Permintaan uang atau imbalan yang tidak resmi oleh petugas. Laporan ini selalu dirahasiakan: isi dan identitas pelapor tidak dipublikasikan.",
    keywords: "pungli, pungutan liar, suap, uang pelicin, calo",
    group: "Integritas",
  },
  SERVICE_QUALITY: {
    name: "Sikap pelayanan (senyum, sapa, salam)",
    description: "Petugas tidak ramah, tidak sopan, atau tidak menjalankan senyum, sapa, salam.",
    keywords: "senyum, sapa, salam, sikap, ramah, sopan, petugas",
    group: "Pelayanan",
  },
  WAITING_TIME: {
    name: "Waktu tunggu",
    description: "Antrean atau waktu tunggu layanan yang terlalu lama.",
    keywords: "antre, antrean, lama, menunggu, waktu tunggu",
    group: "Pelayanan",
  },
  FACILITY: {
    name: "Sarana dan prasarana",
    description: "Fasilitas kantor layanan rusak atau tidak tersedia: ruang tunggu, toilet, kursi, akses disabilitas.",
    keywords: "fasilitas, sarana, prasarana, toilet, ruang tunggu, rusak",
    group: "Sarana",
  },
  OTHER: {
    name: "Lainnya",
    description: "Masalah layanan publik lain yang tidak termasuk kategori di atas.",
    keywords: "lainnya, umum",
    group: "Lainnya",
  },
};

/** Attribute codes accepted as attribute[code] on POST requests. */
export const ATTR_UNIT = "unitId";
export const ATTR_PRIVACY = "privacy";
export const ATTR_DOCUMENT_COUNT = "document_count";

/** Every service has a definition (unit and privacy), so `metadata` is true for all of them. */
export function serviceList() {
  return COMPLAINT_CATEGORIES.map((code) => ({
    service_code: code,
    service_name: SERVICES[code].name,
    description: SERVICES[code].description,
    metadata: true,
    // EXTORTION requests are confidential: they get a token (the private tracking code), not an id.
    type: isProtectedCategory(code) ? "batch" : "realtime",
    keywords: SERVICES[code].keywords,
    group: SERVICES[code].group,
  }));
}

export function isServiceCode(code: string): code is ComplaintCategory {
  return isOneOf(COMPLAINT_CATEGORIES, code);
}

type Attribute = {
  variable: boolean;
  code: string;
  datatype: "string" | "number" | "datetime" | "text" | "singlevaluelist" | "multivaluelist";
  required: boolean;
  datatype_description: string | null;
  order: number;
  description: string;
  values?: Array<{ key: string; name: string }>;
};

/** The definition of a service: the unit (active units), privacy and, for documents, how many. */
export async function serviceDefinition(code: ComplaintCategory) {
  const units = await db.unit.findMany({
    where: { active: true },
    orderBy: { name: "asc" },
    select: { id: true, name: true },
  });
  const attributes: Attribute[] = [
    {
      variable: true,
      code: ATTR_UNIT,
      datatype: "singlevaluelist",
      required: false,
      datatype_description:
        "Unit layanan yang diadukan. Jika kosong, dipilih unit aktif terdekat dari lat/long.",
      order: 1,
      description: "Unit layanan (kantor) yang diadukan",
      values: units.map((u) => ({ key: String(u.id), name: u.name })),
    },
  ];
  if (code === "UNDISTRIBUTED_DOCUMENT") {
    attributes.push({
      variable: true,
      code: ATTR_DOCUMENT_COUNT,
      datatype: "number",
      required: false,
      datatype_description: "Bilangan bulat 1–10.000",
      order: attributes.length + 1,
      description: "Jumlah dokumen jadi yang belum diserahkan",
    });
  }
  if (isProtectedCategory(code)) {
    attributes.push({
      variable: false,
      code: "confidential_notice",
      datatype: "string",
      required: false,
      datatype_description: null,
      order: attributes.length + 1,
      description: "Laporan pungli selalu rahasia: isi dan identitas pelapor tidak dipublikasikan.",
    });
  } else {
    attributes.push({
      variable: true,
      code: ATTR_PRIVACY,
      datatype: "singlevaluelist",
      required: false,
      datatype_description: "Jika kosong: anonymous (isi publik, identitas disembunyikan).",
      order: attributes.length + 1,
      description: "Kerahasiaan laporan",
      values: PRIVACY_CODES.map((key) => ({ key, name: OPEN311_PRIVACY_NAMES[key] })),
    });
  }
  return { service_code: code, attributes };
}

/** Service Discovery (http://wiki.open311.org/Service_Discovery): where and in which formats. */
export const OPEN311_CHANGESET = "2026-11-28T00:00:00+07:00";
export function discovery(origin: string) {
  return {
    changeset: OPEN311_CHANGESET,
    contact: `Tindak, Pemerintah Kota Palembang: ${origin}/`,
    key_service: "Kunci API (api_key) diberikan oleh admin Tindak di /admin/api-keys. / API keys are issued by Tindak admins.",
    endpoints: [
      {
        specification: "http://wiki.open311.org/GeoReport_v2",
        url: `${origin}/open311/v2`,
        changeset: OPEN311_CHANGESET,
        type: "production",
        formats: ["text/xml", "application/json"],
      },
    ],
  };
}
