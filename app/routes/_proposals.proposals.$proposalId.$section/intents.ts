/** The intents of the section page's action (route.tsx exports them as INTENT); its forms and autosave send the same constants. */
export const SECTION_INTENT = { save: "save", next: "next", autosave: "autosave", removeDocument: "remove-document" } as const;
