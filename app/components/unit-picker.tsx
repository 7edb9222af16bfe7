import { useEffect, useState, type ChangeEvent, type SelectHTMLAttributes } from "react";
import { UNIT_TYPES } from "~/lib/codes";
import { kecamatanName } from "~/lib/kecamatan";
import { useT } from "~/i18n/use-t";
import { codeKey } from "~/i18n";

// The long list of service units (70 and growing) as one native <select>, grouped by kind with
// <optgroup> so that it works without JavaScript and with every screen reader. With JavaScript a search
// box above it narrows the options as one types (name, kind or kecamatan); the chosen unit always stays
// in the list, so narrowing never changes the answer behind the resident's back.

export type UnitChoice = { id: number; name: string; type: string; kecamatanCode?: string | null; km?: number | null };

type Props = {
  id: string;
  name?: string;
  units: UnitChoice[];
  /** the first, empty option ("— Pilih unit —", "Semua") */
  emptyLabel: string;
  value?: string;
  defaultValue?: string;
  onChange?: (event: ChangeEvent<HTMLSelectElement>) => void;
  /** how an option is written (the name; the complaint form adds the distance) */
  optionLabel?: (unit: UnitChoice) => string;
  /**
   * Without JavaScript the search box belongs to the form under this name and a button sends it back
   * (`searchIntent` for the form's `intent`); without it the box appears only once JavaScript runs.
   */
  searchName?: string;
  searchIntent?: string;
  searchDefault?: string;
  selectProps?: Omit<SelectHTMLAttributes<HTMLSelectElement>, "id" | "name" | "value" | "defaultValue" | "onChange">;
};

/** Lower case without accents, so "kertapati" finds "Kertapati" and "sukarame" nothing odd. */
function fold(text: string): string {
  return text.toLocaleLowerCase("id").normalize("NFD").replace(/\p{M}/gu, "");
}

export function UnitPicker({ id, name = "unitId", units, emptyLabel, value, defaultValue, onChange, optionLabel, searchName, searchIntent, searchDefault = "", selectProps }: Props) {
  const t = useT();
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const [query, setQuery] = useState(searchDefault);
  const [inner, setInner] = useState(defaultValue ?? "");
  const current = value ?? inner;

  // The same narrowing runs on the server (a search sent without JavaScript) and in the browser.
  const words = fold(query).split(/\s+/).filter(Boolean);
  const haystack = (u: UnitChoice) => fold(`${u.name} ${t(codeKey("unitType", u.type))} ${u.kecamatanCode ? kecamatanName(u.kecamatanCode) : ""}`);
  const shown = words.length ? units.filter((u) => String(u.id) === current || words.every((w) => haystack(u).includes(w))) : units;
  const groups = UNIT_TYPES.map((type) => ({ type, units: shown.filter((u) => u.type === type) })).filter((g) => g.units.length > 0);
  const matches = shown.filter((u) => String(u.id) !== current || words.every((w) => haystack(u).includes(w))).length;
  const label = optionLabel ?? ((u: UnitChoice) => u.name);

  return (
    <div className="unit-picker">
      {searchName || hydrated ? (
        <div className="unit-search">
          <label htmlFor={`${id}-search`} className="visually-hidden">
            {t("unitPicker.search")}
          </label>
          <input
            id={`${id}-search`}
            name={searchName}
            type="search"
            autoComplete="off"
            placeholder={t("unitPicker.search")}
            value={query}
            onChange={(e) => setQuery(e.currentTarget.value)}
            // With JavaScript the list narrows as one types: Enter must not send the whole form.
            onKeyDown={(e) => {
              if (hydrated && e.key === "Enter") e.preventDefault();
            }}
            aria-controls={id}
            aria-describedby={words.length ? `${id}-matches` : undefined}
          />
          {searchName && !hydrated ? (
            <button type="submit" name="intent" value={searchIntent} className="secondary" formNoValidate>
              {t("unitPicker.searchButton")}
            </button>
          ) : null}
        </div>
      ) : null}
      {words.length ? (
        <p className="hint" id={`${id}-matches`} aria-live="polite" data-testid="unit-matches">
          {matches === 0 ? t("unitPicker.none", { q: query.trim() }) : t("unitPicker.matches", { n: matches })}
        </p>
      ) : null}
      <select
        {...selectProps}
        id={id}
        name={name}
        value={current}
        onChange={(e) => {
          setInner(e.currentTarget.value);
          onChange?.(e);
        }}
      >
        <option value="">{emptyLabel}</option>
        {groups.map((g) => (
          <optgroup key={g.type} label={t(codeKey("unitType", g.type))}>
            {g.units.map((u) => (
              <option key={u.id} value={u.id}>
                {label(u)}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </div>
  );
}
