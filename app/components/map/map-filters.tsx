import { FilterForm } from "~/components/filters/filter-form";
import { codeChoices, DateFilter, FilterField, FilterSelect, KecamatanSelect } from "~/components/filters/filter-fields";
import { FOLLOW_UP_STATES, COMPLAINT_STATUSES, UNIT_TYPES } from "~/lib/codes";
import { MAP_CATEGORIES, MAP_LAYERS, MAP_STATES } from "~/models/map-codes";
import { useT } from "~/i18n/use-t";
import { UnitPicker } from "~/components/unit-picker";
import type { MapPageData } from "./map-page-data";

// The map's filters (a plain GET form: it works without JavaScript) with the legend, folded into one
// panel so that on a phone the map is on the first screen.

// Complaint statuses not already offered as a state: "Dijawab" (ANSWERED) and "Selesai" (CLOSED, inside
// the DONE state) would otherwise appear twice in the one status list.
const COMPLAINT_ONLY_STATUSES = COMPLAINT_STATUSES.filter((s) => s !== "ANSWERED" && s !== "CLOSED");

export function MapFilters({ data }: { data: MapPageData }) {
  const t = useT();
  const v = data.values;
  const active = [v.category, v.status, v.unitId, v.kecamatan, v.from, v.to].filter(Boolean).length + (v.overdue ? 1 : 0) + (v.layers.length < MAP_LAYERS.length ? 1 : 0);
  // Folded by default so that on a phone the map is on the first screen; open while filters apply.
  // The legend is inside too (issue 21): nine entries would otherwise push the map below the fold.
  return (
    <details className="card map-filters" open={active > 0} data-testid="map-filters">
      <summary>
        {t("map.filters")}
        {active > 0 ? ` (${active})` : ""} · {t("map.legend")}
      </summary>
      <Legend />
      <FilterForm
        key={data.dataQuery}
        label={t("map.filters")}
        submitLabel={t("map.filter.apply")}
        className=""
        primary
        reset={{ to: "/map", label: t("map.filter.reset") }}
        before={
          <fieldset>
            <legend>{t("map.layers")}</legend>
            <div className="checks">
              {MAP_LAYERS.map((layer) => (
                <label key={layer}>
                  <input type="checkbox" name="layer" value={layer} defaultChecked={v.layers.includes(layer)} />
                  {t(`map.layer.${layer}`)}
                </label>
              ))}
            </div>
          </fieldset>
        }
        after={
          <div className="checks">
            <label>
              <input type="checkbox" name="overdue" value="1" defaultChecked={v.overdue} />
              {t("map.filter.overdue")}
            </label>
          </div>
        }
      >
        <FilterSelect id="map-category" name="category" label={t("common.category")} defaultValue={v.category} options={codeChoices(t, MAP_CATEGORIES, "category")} />
        <FilterSelect id="map-status" name="status" label={t("map.filter.state")} defaultValue={v.status}>
          <optgroup label={t("map.filter.followUpStates")}>
            <option value="OVERDUE">{t("state.OVERDUE")}</option>
            {FOLLOW_UP_STATES.map((s) => (
              <option key={s} value={s}>
                {t(`state.${s}`)}
              </option>
            ))}
          </optgroup>
          <optgroup label={t("map.filter.complaintStatuses")}>
            {COMPLAINT_ONLY_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </optgroup>
        </FilterSelect>
        <KecamatanSelect id="map-kecamatan" choices={data.kecamatan} defaultValue={v.kecamatan} />
        <FilterField id="map-unit" label={t("common.unit")}>
          <UnitPicker id="map-unit" units={data.units} emptyLabel={t("common.all")} defaultValue={v.unitId} />
        </FilterField>
        <DateFilter id="map-from" name="from" label={t("map.filter.from")} defaultValue={v.from} />
        <DateFilter id="map-to" name="to" label={t("map.filter.to")} defaultValue={v.to} />
      </FilterForm>
    </details>
  );
}

function Legend() {
  const t = useT();
  return (
    <section aria-label={t("map.legend")}>
      <ul className="map-legend" data-testid="map-legend">
        {MAP_STATES.map((s) => (
          <li key={s}>
            <span className={`swatch ${s}`} aria-hidden="true" />
            {t(`map.legend.${s}`)}
          </li>
        ))}
        {UNIT_TYPES.filter((u) => u !== "OTHER").map((u) => (
          <li key={u}>
            <span className={`swatch square ${u}`} aria-hidden="true" />
            {t(`unitType.${u}`)}
          </li>
        ))}
        <li>
          <span className="swatch" aria-hidden="true" />
          {t("map.legend.cluster")}
        </li>
      </ul>
    </section>
  );
}
