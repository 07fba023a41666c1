import { FILE_FORMATS, MiB } from "~/domains/files/file-rules";

// A municipality's logo (decision 0067): PNG or JPEG, what pdfkit draws, at most 1 MB.

export const LOGO_FORMATS = FILE_FORMATS.filter((f) => f.id === "png" || f.id === "jpg");
export const MAX_LOGO_BYTES = 1 * MiB;
/** For `<input type="file" accept>`: a hint to the picker, not a check. */
export const LOGO_ACCEPT = LOGO_FORMATS.flatMap((f) => [...f.extensions.map((e) => `.${e}`), f.mediaType]).join(",");
/** The file field of the logo form. */
export const LOGO_FIELD = "logo";
