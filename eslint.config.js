// ESLint for the whole project (flat config). Formatting is Prettier's job:
// eslint-config-prettier turns off every rule that would argue with it.
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import importPlugin from "eslint-plugin-import";
import jsxA11y from "eslint-plugin-jsx-a11y";
import react from "eslint-plugin-react";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "build/**",
      "public/build/**",
      "node_modules/**",
      "app/generated/**",
      "test-data/**",
      "data/**",
      "bench/tmp*/**",
      ".cache/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: "module",
      globals: { ...globals.node, ...globals.browser },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none", ignoreRestSiblings: true },
      ],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-console": "error",
    },
  },
  {
    files: ["**/*.{ts,tsx}"],
    ...react.configs.flat.recommended,
    ...react.configs.flat["jsx-runtime"],
    settings: { react: { version: "detect" } },
  },
  {
    files: ["**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks, "jsx-a11y": jsxA11y, import: importPlugin },
    settings: {
      react: { version: "detect" },
      "import/parsers": { "@typescript-eslint/parser": [".ts", ".tsx"] },
      "import/resolver": { typescript: { project: "./tsconfig.json" }, node: true },
      "import/extensions": [".ts", ".tsx", ".js"],
      "import/internal-regex": "^~/",
    },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...jsxA11y.flatConfigs.recommended.rules,
      "react/prop-types": "off",
      "import/no-cycle": ["error", { ignoreExternal: true }],
      "import/no-duplicates": "error",
      "import/no-self-import": "error",
    },
  },
  {
    // Command-line programs, tests and benchmarks talk to a person on the terminal.
    files: ["scripts/**", "bench/**", "tests/**", "prisma/**", "**/*.test.{ts,tsx}", "server*.ts", "*.config.{js,ts}"],
    rules: { "no-console": "off" },
  },
  {
    // Tests read whatever a loader or action answered, and name helpers use…/with… freely: no components there.
    files: ["tests/**", "**/*.test.{ts,tsx}", "scripts/**", "bench/**"],
    rules: { "@typescript-eslint/no-explicit-any": "off", "react-hooks/rules-of-hooks": "off" },
  },
  prettier,
);
