// The board's JSON API (src/board/server.ts), one function per route. Errors come back as {error}; they are thrown
// with the server's message, which names the file and what was expected.

async function get(path) {
  const res = await fetch(path, { cache: 'no-cache' });
  const body = await res.json().catch(() => ({ error: `${path}: HTTP ${res.status} with a body that is not JSON` }));
  if (!res.ok) throw new Error(body.error ?? `${path}: HTTP ${res.status}`);
  return body;
}

const query = (params) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
};

export const api = {
  runs: () => get('/api/runs'),
  metrics: (id) => get(`/api/runs/${id}/metrics`),
  compare: (ids) => get(`/api/compare${query({ ids: ids.join(',') })}`),
  completions: (id, filters) => get(`/api/runs/${id}/completions${query(filters)}`),
  evals: (id) => get(`/api/runs/${id}/evals`),
  evalAnswers: (id, name, filters) => get(`/api/runs/${id}/evals/${name}${query(filters)}`),
  trace: (id, key) => get(`/api/runs/${id}/trace${query({ key })}`),
};
