import { useState } from "react";
import { Form } from "@remix-run/react";
import { useT } from "~/i18n/use-t";
import { UNIT_TYPES } from "~/lib/codes";
import { Field, fieldA11y, FormErrorSummary, type Errors } from "./form-field";
import { PinPicker } from "./map/pin-picker";
import { codeKey } from "~/i18n";

// The admin's unit form (create and edit). Works without JavaScript: the kelurahan list is grouped by
// kecamatan and the server checks that the two match; with JavaScript it narrows to the chosen kecamatan.

type Region = { code: string; name: string };
export type RegionTree = Array<Region & { kelurahan: Region[] }>;
export type UnitValues = Partial<Record<"name" | "slug" | "type" | "kecamatanCode" | "kelurahanCode" | "address" | "phone" | "lat" | "lng", string>>;

export function UnitForm({
  regions,
  values,
  errors,
  submitLabel,
  busy,
}: {
  regions: RegionTree;
  values: UnitValues;
  errors: Errors;
  submitLabel: string;
  busy?: boolean;
}) {
  const t = useT();
  const [kecamatan, setKecamatan] = useState(values.kecamatanCode ?? "");
  const chosen = regions.find((r) => r.code === kecamatan);
  const groups = chosen ? [chosen] : regions;
  return (
    <Form method="post" noValidate className="unit-form">
      <input type="hidden" name="intent" value="save" />
      <FormErrorSummary errors={errors} />
      <Field name="name" label={t("common.name")} errors={errors}>
        <input {...fieldA11y("name", errors)} defaultValue={values.name ?? ""} maxLength={200} required autoComplete="off" />
      </Field>
      <Field name="type" label={t("admin.unit.type")} errors={errors}>
        <select {...fieldA11y("type", errors)} defaultValue={values.type ?? ""} required>
          <option value="">{t("admin.unit.chooseType")}</option>
          {UNIT_TYPES.map((type) => (
            <option key={type} value={type}>
              {t(codeKey("unitType", type))}
            </option>
          ))}
        </select>
      </Field>
      <Field name="slug" label={t("admin.unit.slug")} hint={t("admin.unit.slugHint")} errors={errors}>
        <input {...fieldA11y("slug", errors, true)} defaultValue={values.slug ?? ""} maxLength={80} autoComplete="off" spellCheck={false} />
      </Field>
      <Field name="kecamatanCode" label={t("common.kecamatan")} errors={errors}>
        <select
          {...fieldA11y("kecamatanCode", errors)}
          value={kecamatan}
          onChange={(e) => setKecamatan(e.currentTarget.value)}
          required
        >
          <option value="">{t("admin.unit.chooseKecamatan")}</option>
          {regions.map((r) => (
            <option key={r.code} value={r.code}>
              {r.name}
            </option>
          ))}
        </select>
      </Field>
      <Field name="kelurahanCode" label={t("common.kelurahan")} hint={t("admin.unit.kelurahanHint")} errors={errors}>
        <select {...fieldA11y("kelurahanCode", errors, true)} defaultValue={values.kelurahanCode ?? ""} key={kecamatan}>
          <option value="">{t("admin.unit.noKelurahan")}</option>
          {groups.map((g) => (
            <optgroup key={g.code} label={g.name}>
              {g.kelurahan.map((k) => (
                <option key={k.code} value={k.code}>
                  {k.name}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </Field>
      <p className="hint">{t("admin.unit.regionSource")}</p>
      <Field name="address" label={t("admin.unit.address")} errors={errors}>
        <input {...fieldA11y("address", errors)} defaultValue={values.address ?? ""} maxLength={300} autoComplete="off" />
      </Field>
      <Field name="phone" label={t("admin.unit.phone")} errors={errors}>
        <input {...fieldA11y("phone", errors)} defaultValue={values.phone ?? ""} maxLength={40} type="tel" autoComplete="off" />
      </Field>
      <fieldset>
        <legend>{t("admin.unit.location")}</legend>
        <p className="hint" id="location-hint">
          {t("admin.unit.locationHint")}
        </p>
        <div className="grid grid-2">
          <Field name="lat" label={t("admin.unit.lat")} errors={errors}>
            <input {...fieldA11y("lat", errors)} defaultValue={values.lat ?? ""} inputMode="decimal" autoComplete="off" placeholder="-2.9761" />
          </Field>
          <Field name="lng" label={t("admin.unit.lng")} errors={errors}>
            <input {...fieldA11y("lng", errors)} defaultValue={values.lng ?? ""} inputMode="decimal" autoComplete="off" placeholder="104.7754" />
          </Field>
        </div>
        {/* With JavaScript: tap the map to fill the two fields (Leaflet loads only when opened). */}
        <PinPicker />
      </fieldset>
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {submitLabel}
        </button>
      </div>
    </Form>
  );
}
