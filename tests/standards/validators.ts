// Validators for the official schemas copied beside this file (no network).
import { readFileSync } from "node:fs";
import path from "node:path";
import AjvDraft04 from "ajv-draft-04";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const here = import.meta.dirname;
const load = (file: string) => JSON.parse(readFileSync(path.join(here, file), "utf8"));

export function ocdsPackageValidator() {
  const ajv = new AjvDraft04({ allErrors: true, strict: false });
  addFormats(ajv);
  const release = load("ocds-1.1.5/release-schema.json");
  ajv.addSchema(release, release.id);
  return ajv.compile(load("ocds-1.1.5/release-package-schema.json"));
}

export function threeSixtyGivingPackageValidator() {
  // The schemas name the 2020-12 meta-schema by its http:// address, which Ajv knows as https://;
  // the schemas are official and unchanged, so they are not meta-validated here.
  const ajv = new Ajv2020({ allErrors: true, strict: false, validateSchema: false });
  addFormats(ajv);
  const grant = load("360giving/360-giving-schema.json");
  // The package (1.4.3) still refers to the grant schema by its 1.4.2 address; the local copy answers for it.
  ajv.addSchema({ ...grant, $id: "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.2/schema/360-giving-schema.json" });
  return ajv.compile(load("360giving/360-giving-package-schema.json"));
}
