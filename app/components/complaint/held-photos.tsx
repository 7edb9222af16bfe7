import { useT } from "~/i18n/use-t";
import type { HeldPhotos } from "~/models/complaint/types";

/** Photos accepted on an earlier try of the form: ticked ones go with the complaint, none is picked again. */
export function HeldPhotoChoice({ held }: { held: HeldPhotos }) {
  const t = useT();
  return (
    <fieldset data-testid="held-photos">
      <legend>{t("complaints.new.heldPhotos", { n: held.photos.length })}</legend>
      <p className="hint">{t("complaints.new.heldPhotosHint")}</p>
      <input type="hidden" name="heldPhotos" value={held.token} />
      {held.photos.map((p, i) => (
        <div key={p.key} className="radio">
          <label style={{ fontWeight: "normal" }}>
            <input type="checkbox" name="keepPhoto" value={p.key} defaultChecked style={{ marginRight: "0.5rem" }} />
            {t("complaints.new.heldPhoto", { n: i + 1, size: `${p.width}×${p.height}` })}
          </label>
        </div>
      ))}
    </fieldset>
  );
}
