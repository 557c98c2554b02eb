/**
 * The methods the app answers on a path, from its route table (`app.routes`): what a 405 lists in
 * its `Allow` header. Route paths use Hono's syntax (`/jobs/:job_id`, `/results/:file{.+}`).
 *
 * @example allowedMethods(app.routes, '/jobs/42') // ['GET']
 */
export function allowedMethods(routes: ReadonlyArray<{ method: string; path: string }>, path: string): string[] {
  const methods = new Set<string>();
  for (const route of routes) {
    if (route.method === 'ALL') continue;
    if (patternOf(route.path).test(path)) methods.add(route.method);
  }
  return [...methods].sort();
}

const patterns = new Map<string, RegExp>();

function patternOf(routePath: string): RegExp {
  let pattern = patterns.get(routePath);
  if (!pattern) {
    const source = routePath
      .split('/')
      .map((part) => {
        const param = /^:\w+(?:\{(.+)\})?$/.exec(part);
        if (param) return param[1] ? `(?:${param[1]})` : '[^/]+';
        return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      })
      .join('/');
    pattern = new RegExp(`^${source}/?$`);
    patterns.set(routePath, pattern);
  }
  return pattern;
}
