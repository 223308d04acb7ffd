// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const coreForbidden = {
  paths: [
    { name: "probot", message: "src/core is pure: no probot." },
    { name: "@octokit/rest", message: "src/core is pure: no octokit." },
    { name: "node:fs", message: "src/core is pure: no file system." },
    { name: "fs", message: "src/core is pure: no file system." },
    { name: "node:fs/promises", message: "src/core is pure: no file system." },
    { name: "fs/promises", message: "src/core is pure: no file system." },
    { name: "node:process", message: "src/core is pure: no process." },
    { name: "process", message: "src/core is pure: no process." },
    { name: "node:child_process", message: "src/core is pure: no child processes." },
  ],
  patterns: [{ group: ["@octokit/*", "probot/*", "../app/*", "../cli/*", "../../app/*", "../../cli/*"], message: "src/core is pure." }],
};

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "coverage/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-syntax": [
        "error",
        { selector: "CallExpression[callee.object.name='it'][callee.property.name='only']", message: "No focused tests." },
        { selector: "CallExpression[callee.object.name='describe'][callee.property.name='only']", message: "No focused tests." },
      ],
    },
  },
  {
    files: ["src/core/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", coreForbidden],
      "no-restricted-globals": ["error", { name: "process", message: "src/core is pure: no process." }, { name: "require", message: "ESM only." }],
    },
  },
);
