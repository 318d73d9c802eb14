/** Python identifiers from convcost's names: block and op names as attributes, kinds as class names. */

const KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(
    ' ',
  ),
);

/** Names an nn.Module attribute must not take (its own methods and state), and the forward's own names. */
const RESERVED = new Set([
  'self',
  'x',
  'xs',
  'forward',
  'training',
  'train',
  'eval',
  'parameters',
  'buffers',
  'children',
  'modules',
  'named_parameters',
  'named_buffers',
  'named_children',
  'named_modules',
  'state_dict',
  'load_state_dict',
  'to',
  'cuda',
  'cpu',
  'half',
  'float',
  'double',
  'type',
  'apply',
  'zero_grad',
  'register_buffer',
  'register_parameter',
  'add_module',
  'get_submodule',
  'requires_grad_',
  'extra_repr',
  'fuse',
  'torch',
  'nn',
  'F',
  'copy',
  'sum',
]);

/** A Python identifier for an attribute or argument: letters, digits and underscores, not reserved. */
export function attrName(s: string): string {
  let n = s
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9_]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (!n) n = 'b';
  if (/^[0-9]/.test(n)) n = `b${n}`;
  if (KEYWORDS.has(n) || RESERVED.has(n)) n = `${n}_`;
  return n;
}

/** A class name from a kind or a design name: "resnet-basic" -> ResnetBasic, "ResNet-18" -> ResNet18. */
export function className(s: string): string {
  const words = s
    .normalize('NFKD')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  let n = words.map((w) => w[0].toUpperCase() + w.slice(1)).join('');
  if (!n) n = 'Net';
  if (/^[0-9]/.test(n)) n = `Net${n}`;
  return n;
}

/** `base`, else base_2, base_3... not in `taken` (which gets it). */
export function unique(base: string, taken: Set<string>): string {
  let n = base;
  for (let k = 2; taken.has(n); k++) n = `${base}_${k}`;
  taken.add(n);
  return n;
}
