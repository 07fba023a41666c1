import type { TestProject } from "vitest/node";
import { ensureFreshBuild } from "./fresh-build";
import { prepareTemplate, removeTemplate } from "./test-database";

declare module "vitest" {
  export interface ProvidedContext {
    databaseTemplate: string;
  }
}

export default async function setup(project: TestProject) {
  ensureFreshBuild();
  const id = `${process.pid}_${project.name}`;
  await prepareTemplate(id);
  project.provide("databaseTemplate", id);
  return async () => {
    await removeTemplate(id);
  };
}
