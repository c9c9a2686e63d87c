// Lint rules that protect invariants rather than style: untrusted text (model outputs, dataset
// fields) must never reach a code evaluator, so eval/Function/vm are banned project-wide.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'checkpoints/**', 'runs/**', 'dist/**', '.vendor/**'] },
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      'no-restricted-globals': ['error', { name: 'Function', message: 'Never build code from strings.' }],
      'no-restricted-imports': ['error', {
        paths: [
          { name: 'vm', message: 'Untrusted text is parsed by our own parsers, never evaluated.' },
          { name: 'node:vm', message: 'Untrusted text is parsed by our own parsers, never evaluated.' },
          { name: '@tensorflow/tfjs', message: 'Depend on @tensorflow/tfjs-core (the umbrella package is ~300 MB).' },
        ],
      }],
    },
  },
  {
    // Tasks are pure: no tfjs, no model code.
    files: ['src/tasks/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          { name: 'vm', message: 'Untrusted text is parsed by our own parsers, never evaluated.' },
          { name: 'node:vm', message: 'Untrusted text is parsed by our own parsers, never evaluated.' },
        ],
        patterns: [
          { group: ['@tensorflow/*'], message: 'Verifiers and generators must not depend on tfjs.' },
          { group: ['**/model/**', '**/rollout/**', '**/ahpo/**', '**/train/**'], message: 'Tasks know nothing of the model or RL.' },
        ],
      }],
    },
  },
);
