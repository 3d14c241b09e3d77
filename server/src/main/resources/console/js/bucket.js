// PLACEHOLDER from the con-objects branch so its tests can open #/buckets/{bucket}: the buckets
// branch's bucket.js replaces this file at merge (it shows objects.js in the "Objects" tab).
export async function render(view, params, ctx) {
  const m = await import('./objects.js');
  await m.renderObjects(view, params.bucket, params, ctx);
}
