import { useT } from "~/i18n/use-t";
import { ROLES } from "~/lib/codes";
import { Field, fieldA11y, type Errors } from "./form-field";
import { codeKey } from "~/i18n";

// Name, role and unit of an account: shared by the new-account form and the edit form.

export type UnitOption = { id: number; name: string; active: boolean };

export function UserFields({
  values,
  errors,
  units,
}: {
  values: Partial<Record<"name" | "role" | "unitId", string>>;
  errors: Errors;
  units: UnitOption[];
}) {
  const t = useT();
  return (
    <>
      <Field name="name" label={t("common.name")} errors={errors}>
        <input {...fieldA11y("name", errors)} defaultValue={values.name ?? ""} maxLength={120} required autoComplete="off" />
      </Field>
      <Field name="role" label={t("admin.user.role")} errors={errors}>
        <select {...fieldA11y("role", errors)} defaultValue={values.role ?? ""} required>
          <option value="">{t("admin.user.chooseRole")}</option>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(codeKey("role", r))}
            </option>
          ))}
        </select>
      </Field>
      <Field name="unitId" label={t("admin.user.unit")} errors={errors}>
        <select {...fieldA11y("unitId", errors)} defaultValue={values.unitId ?? ""}>
          <option value="">{t("admin.user.noUnit")}</option>
          {units.map((u) => (
            <option key={u.id} value={String(u.id)}>
              {u.name}
              {u.active ? "" : ` (${t("common.inactive")})`}
            </option>
          ))}
        </select>
      </Field>
    </>
  );
}
