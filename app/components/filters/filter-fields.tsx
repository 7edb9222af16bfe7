import type { ReactNode } from "react";
import { codeKey, type KeyPrefix, type MessageKey } from "~/i18n";
import { useT } from "~/i18n/use-t";

// The fields of a filter form (./filter-form.tsx). Each list page names its own ids (the browser tests
// and the labels' `for` rely on them); the choices and the empty "Semua" option are written once here.

export type Choice = { value: string | number; label: string };

export function FilterField({ id, label, children }: { id: string; label: string; children: ReactNode }) {
  return (
    <div>
      <label htmlFor={id}>{label}</label>
      {children}
    </div>
  );
}

type SelectProps = {
  id: string;
  name: string;
  label: string;
  defaultValue?: string | number | null;
  /** The empty choice (default "Semua"). */
  allLabel?: string;
  options?: Choice[];
  /** Options of another shape (the map's grouped states), after `options`. */
  children?: ReactNode;
};

export function FilterSelect({ id, name, label, defaultValue, allLabel, options = [], children }: SelectProps) {
  const t = useT();
  return (
    <FilterField id={id} label={label}>
      <select id={id} name={name} defaultValue={defaultValue ?? ""}>
        <option value="">{allLabel ?? t("common.all")}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
        {children}
      </select>
    </FilterField>
  );
}

type ChoiceSelectProps<T> = Omit<SelectProps, "name" | "label" | "options" | "children"> & { label?: string; choices: T[] };

/** The `unitId` filter: units by name; on the lists, those of the chosen kecamatan (app/lib/unit-filter.ts). */
export function UnitSelect({ label, choices, chooseKecamatanFirst, ...rest }: ChoiceSelectProps<{ id: number; name: string }> & { chooseKecamatanFirst?: boolean }) {
  const t = useT();
  return (
    <FilterSelect
      {...rest}
      name="unitId"
      label={label ?? t("common.unit")}
      allLabel={chooseKecamatanFirst ? t("common.unitAfterKecamatan") : rest.allLabel}
      options={choices.map((u) => ({ value: u.id, label: u.name }))}
    />
  );
}

/** The `kecamatan` filter: codes with their official names (app/lib/kecamatan.ts). */
export function KecamatanSelect({ label, choices, ...rest }: ChoiceSelectProps<{ code: string; name: string }>) {
  const t = useT();
  return <FilterSelect {...rest} name="kecamatan" label={label ?? t("common.kecamatan")} options={choices.map((k) => ({ value: k.code, label: k.name }))} />;
}

export function DateFilter({ id, name, label, defaultValue }: { id: string; name: string; label: string; defaultValue?: string }) {
  return (
    <FilterField id={id} label={label}>
      <input id={id} name={name} type="date" defaultValue={defaultValue} />
    </FilterField>
  );
}

/**
 * Choices for a list of codes, each written with its message (`category.FACILITY`, `state.OPEN`). The
 * caller names the prefix, so its page is seen to need that prefix's messages (docs/decisions/0027).
 */
export function codeChoices(t: (key: MessageKey) => string, codes: readonly string[], prefix: KeyPrefix): Choice[] {
  return codes.map((code) => ({ value: code, label: t(codeKey(prefix, code)) }));
}

/** The admin lists' free-text search (`q`). */
export function SearchFilter({ defaultValue }: { defaultValue?: string }) {
  const t = useT();
  return (
    <FilterField id="q" label={t("common.search")}>
      <input id="q" name="q" type="search" defaultValue={defaultValue} maxLength={100} />
    </FilterField>
  );
}

/** The same labelled field, for the admin settings forms. */
export const LabeledField = FilterField;
