-- Issue 16: kecamatan names written run together (as idn-area-data spells them) in unit names and
-- addresses typed before app/lib/kecamatan.ts became the one source: rewrite them to the official names.
-- Data only; no schema change.
UPDATE "Unit"
SET "name" = replace(replace(replace("name", 'Bukitkecil', 'Bukit Kecil'), 'Sematangborang', 'Sematang Borang'), 'Alang-alang Lebar', 'Alang-Alang Lebar'),
    "address" = replace(replace(replace("address", 'Bukitkecil', 'Bukit Kecil'), 'Sematangborang', 'Sematang Borang'), 'Alang-alang Lebar', 'Alang-Alang Lebar')
WHERE "name" GLOB '*Bukitkecil*' OR "name" GLOB '*Sematangborang*' OR "name" GLOB '*Alang-alang Lebar*'
   OR "address" GLOB '*Bukitkecil*' OR "address" GLOB '*Sematangborang*' OR "address" GLOB '*Alang-alang Lebar*';
