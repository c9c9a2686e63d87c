// Which official scorer each task's records name. VLMEvalKit's MM-HELIX evaluation reads `metric_info` (a string
// holding `{"score_function": NAME}`) per record and looks NAME up in its `metrics` table
// (vlmeval/dataset/utils/mmhelix/metrics.py); a record without it is scored by exact string match, so the rule-based
// evaluators never run and any valid answer other than the reference fails. The names below are that table's keys;
// tasks the official pipeline scores by matching the reference (numbers, Yes/No) use `simple_str_match`, as the
// official generators' metrics.json files for shortest_path, max_flow and isomorphism say.
import type { TaskSpec } from '../tasks/types.js';

/** Task key → official score-function name. Every registered task has an entry (a test checks it). */
export const SCORE_FUNCTIONS: Readonly<Record<string, string>> = {
  shortest_path: 'simple_str_match',
  max_flow: 'simple_str_match',
  isomorphism: 'simple_str_match',
  topological_sort: 'topological_sort_evaluator',
  hamiltonian_path: 'hamiltonian_path_evaluator',
  hamiltonian_cycle: 'hamiltonian_cycle_evaluator',
  eulerian_path: 'eulerian_path_evaluator',
  eulerian_cycle: 'eulerian_cycle_evaluator',
  '24_points': '24points_evaluator',
  crypto_math: 'cryptomath_evaluator',
  best_time_to_buy_and_sell_stock: 'simple_str_match',
  container_with_most_water: 'simple_str_match',
  count_hills_and_valleys: 'simple_str_match',
  h_index: 'simple_str_match',
  longest_increasing_subsequence: 'simple_str_match',
  largest_rectangle_in_histogram: 'simple_str_match',
  trapping_rain_water: 'simple_str_match',
  aquarium: 'aquarium_evaluator',
  binairo: 'binairo_evaluator',
  bridges: 'bridges_evaluator',
  calcudoku: 'calcudoku_evaluator',
  campsite: 'campsite_evaluator',
  eulero: 'eulero_evaluator',
  futoshiki: 'futoshiki_evaluator',
  hitori: 'hitori_evaluator',
  kukurasu: 'kukurasu_evaluator',
  skyscrapers: 'skyscrapers_evaluator',
  kakuro: 'kakuro_evaluator',
  nonogram: 'nonogram_evaluator',
  numbrix: 'numbrix_evaluator',
  shingoki: 'shingoki_evaluator',
  snake: 'snake_evaluator',
  sudoku: 'sudoku_evaluator',
  tapa: 'tapa_evaluator',
  wordladder: 'wordladder_evaluator',
  wordsearch: 'wordsearch_evaluator',
  sokoban: 'sokoban_evaluator',
  hanoi: 'hanoi_evaluator',
  maze: 'maze_evaluator',
  minesweeper: 'minesweeper_evaluator',
  slidingpuzzle: 'sliding_puzzle_evaluator',
  nibbles: 'nibbles_evaluator',
};

/** The official fallback (its `unsupported` entry is the same matcher), for tasks outside the table. */
export const DEFAULT_SCORE_FUNCTION = 'simple_str_match';

/** The `metric_info` value of a record of `spec`: a JSON string, as the official dataset's column holds it. */
export function metricInfo(spec: Pick<TaskSpec, 'key'>): string {
  return JSON.stringify({ score_function: SCORE_FUNCTIONS[spec.key] ?? DEFAULT_SCORE_FUNCTION });
}
