// Lint rules that protect invariants rather than style:
//  - untrusted text (model outputs, dataset fields) must never reach a code evaluator, so eval/Function/vm are
//    banned project-wide;
//  - the layers stay layers: the model knows nothing of RL, the loss terms nothing of the loop, the tasks nothing of
//    the model (an import across a boundary is an error, so a shortcut cannot creep in unnoticed).
import tseslint from 'typescript-eslint';

const NO_EVAL_PATHS = [
  { name: 'vm', message: 'Untrusted text is parsed by our own parsers, never evaluated.' },
  { name: 'node:vm', message: 'Untrusted text is parsed by our own parsers, never evaluated.' },
  { name: '@tensorflow/tfjs', message: 'Depend on @tensorflow/tfjs-core (the umbrella package is ~300 MB).' },
];

const TASK_PATTERNS = [{ group: ['@tensorflow/*'], message: 'Verifiers and generators must not depend on tfjs.' }];

/** no-restricted-imports for the files of one layer: the project-wide bans plus the layers it must not reach. */
function layer(files, banned, message, extraPatterns = []) {
  return {
    files,
    rules: {
      'no-restricted-imports': ['error', {
        paths: NO_EVAL_PATHS,
        patterns: [{ group: banned.map((d) => `**/${d}/**`).concat(banned.map((d) => `**/${d}/*.js`)), message }, ...extraPatterns],
      }],
    },
  };
}

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
      'no-restricted-imports': ['error', { paths: NO_EVAL_PATHS }],
    },
  },
  layer(['src/io/**/*.ts'], ['runtime', 'model', 'data', 'rollout', 'ahpo', 'train', 'eval', 'tasks', 'cli', 'dataset', 'board', 'mathse'], 'File I/O helpers (atomic writes, JSONL) sit below everything else.'),
  layer(['src/runtime/**/*.ts'], ['model', 'data', 'rollout', 'ahpo', 'train', 'eval', 'tasks', 'cli'], 'The runtime (backends, kernels) sits below everything else.'),
  layer(['src/model/**/*.ts'], ['rollout', 'ahpo', 'train', 'eval', 'tasks', 'cli'], 'Model code knows nothing of RL, sampling or tasks.'),
  layer(['src/rollout/**/*.ts'], ['ahpo', 'train', 'eval', 'cli'], 'Rollouts sample from a policy; they know nothing of the loss or the loop.'),
  layer(['src/ahpo/**/*.ts'], ['model', 'rollout', 'train', 'eval', 'cli'], 'Loss terms, weights and rewards are pure functions of tensors and numbers; the loop lives in src/train.'),
  layer(['src/tasks/**/*.ts'], ['model', 'rollout', 'ahpo', 'train', 'eval', 'cli', 'dataset'], 'Tasks know nothing of the model or RL.', TASK_PATTERNS),
  // A task folder stands alone: from src/tasks/<task>/ (and from common/ and render/) only common/, render/ and the
  // task-level modules one level up (define, types, registry, prompt, trace) may be imported, never another folder,
  // so a task is copied, changed or deleted as one unit. What two tasks share goes into common/.
  layer(['src/tasks/*/**/*.ts'], ['model', 'rollout', 'ahpo', 'train', 'eval', 'cli', 'dataset'], 'Tasks know nothing of the model or RL.', [
    ...TASK_PATTERNS,
    { regex: '^\\.\\./(?!common/|render/)[^/]+/', message: "A task folder imports only common/, render/ and src/tasks' own modules, never another task's folder; move what both need into common/." },
    { regex: '^\\.\\./\\.\\./', message: "A task folder imports only common/, render/ and src/tasks' own modules, never another task's folder; move what both need into common/." },
  ]),
  layer(['src/dataset/**/*.ts'], ['model', 'rollout', 'ahpo', 'train', 'eval', 'cli'], 'Datasets (records, the data writer, gallery, stats) know nothing of the model or RL.'),
);
