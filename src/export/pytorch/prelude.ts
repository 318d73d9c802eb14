/**
 * The Python helpers an exported model.py may need, each written once here and included only when
 * an op uses it (with what it depends on). They give PyTorch convcost's (TensorFlow's) semantics:
 * "same" padding with the odd pixel at the bottom/right, average pooling that counts only the
 * pixels inside the input, HetConv's exact layer, transposed convs with convcost's output window.
 */
import { LEAKY_ALPHA } from '../../exec/params.ts';

interface Helper {
  deps: string[];
  code: string;
}

export const HELPERS: Record<string, Helper> = {
  _pair: {
    deps: [],
    code: `def _pair(v):
    return tuple(v) if isinstance(v, (tuple, list)) else (v, v)`,
  },
  tf_pads: {
    deps: ['_pair'],
    code: `def tf_pads(size, kernel_size, stride, dilation, padding):
    """(top, bottom, left, right) of TensorFlow's padding: "same" puts the odd pixel at the bottom/right."""
    if padding == 'valid':
        return (0, 0, 0, 0)
    if padding != 'same':
        return tuple(padding)
    pads = []
    for n, k, s, d in zip(size, _pair(kernel_size), _pair(stride), _pair(dilation)):
        total = max((-(-n // s) - 1) * s + d * (k - 1) + 1 - n, 0)
        pads += [total // 2, total - total // 2]
    return tuple(pads)`,
  },
  static_padding: {
    deps: ['_pair'],
    code: `def static_padding(kernel_size, stride, dilation, padding):
    """The symmetric (pad_h, pad_w) equal to this padding for every input size, or None."""
    if padding == 'valid':
        return (0, 0)
    if padding == 'same':
        if any(s != 1 for s in _pair(stride)):
            return None
        totals = [d * (k - 1) for k, d in zip(_pair(kernel_size), _pair(dilation))]
        return None if any(t % 2 for t in totals) else tuple(t // 2 for t in totals)
    t, b, l, r = padding
    return (t, l) if t == b and l == r else None`,
  },
  conv2d: {
    deps: ['_pair', 'tf_pads', 'static_padding'],
    code: `class Conv2dTF(nn.Conv2d):
    """nn.Conv2d with TensorFlow's padding ("same", or explicit (top, bottom, left, right)), applied in forward."""

    def __init__(self, *args, tf_padding='same', **kwargs):
        super().__init__(*args, padding=0, **kwargs)
        self.tf_padding = tf_padding

    def forward(self, x):
        t, b, l, r = tf_pads(x.shape[-2:], self.kernel_size, self.stride, self.dilation, self.tf_padding)
        return super().forward(F.pad(x, (l, r, t, b)))


def conv2d(in_channels, out_channels, kernel_size, stride=1, padding='same', dilation=1, groups=1, bias=False):
    """A conv with convcost's padding: nn.Conv2d when it is symmetric for any input, else Conv2dTF."""
    p = static_padding(kernel_size, stride, dilation, padding)
    if p is not None:
        return nn.Conv2d(in_channels, out_channels, _pair(kernel_size), _pair(stride), p, _pair(dilation), groups, bias)
    return Conv2dTF(in_channels, out_channels, _pair(kernel_size), _pair(stride),
                    dilation=_pair(dilation), groups=groups, bias=bias, tf_padding=padding)`,
  },
  pool2d: {
    deps: ['_pair', 'tf_pads'],
    code: `class Pool2dTF(nn.Module):
    """Max or average pooling with TensorFlow's padding; an average counts only the pixels inside the input."""

    def __init__(self, mode, kernel_size, stride, padding):
        super().__init__()
        self.mode, self.kernel_size, self.stride, self.padding = mode, _pair(kernel_size), _pair(stride), padding

    def forward(self, x):
        t, b, l, r = tf_pads(x.shape[-2:], self.kernel_size, self.stride, 1, self.padding)
        if self.mode == 'max':
            return F.max_pool2d(F.pad(x, (l, r, t, b), value=float('-inf')), self.kernel_size, self.stride)
        total = F.avg_pool2d(F.pad(x, (l, r, t, b)), self.kernel_size, self.stride)
        inside = F.avg_pool2d(F.pad(torch.ones_like(x[:, :1]), (l, r, t, b)), self.kernel_size, self.stride)
        return total / inside


def pool2d(mode, kernel_size, stride=None, padding='valid'):
    """Max or average pooling with convcost's padding: PyTorch's own module when it pads symmetrically."""
    k = _pair(kernel_size)
    s = k if stride is None else _pair(stride)
    if padding == 'valid':
        return nn.MaxPool2d(k, s) if mode == 'max' else nn.AvgPool2d(k, s)
    if padding == 'same' and s == (1, 1) and all(n % 2 == 1 for n in k):
        p = (k[0] // 2, k[1] // 2)
        return nn.MaxPool2d(k, s, p) if mode == 'max' else nn.AvgPool2d(k, s, p, count_include_pad=False)
    return Pool2dTF(mode, k, s, padding)`,
  },
  HetConv2d: {
    deps: ['_pair', 'tf_pads'],
    code: `class HetConv2d(nn.Module):
    """HetConv, the paper's layer (Singh et al., CVPR 2019, arXiv 1903.04120).

    Filter j has K x K kernels on the M/P input channels i with i = j (mod P) and 1 x 1 kernels on
    the other M - M/P channels, so the pattern shifts by one channel from one filter to the next.
    Only those weights exist: weight_kxk [N, M/P, K, K] (row t of filter j acts on channel
    t*P + j mod P) and weight_1x1 [N, M - M/P] (the other channels, ascending). It runs as a grouped
    K x K conv with P groups on the channels gathered by residue, plus a 1 x 1 conv whose weights
    are zero where a filter has its K x K kernel (N x M/P MACs per position more than the layer
    counts); when N is not a multiple of P the K x K part runs as one masked dense conv. The 1 x 1
    kernel sits at the window's top-left padding (the centre for odd K, stride 1, "same").
    """

    def __init__(self, in_channels, out_channels, kernel_size, part, stride=1, padding='same', bias=False):
        super().__init__()
        M, N, P = in_channels, out_channels, part
        assert M % P == 0, 'HetConv needs in_channels divisible by part'
        self.in_channels, self.out_channels, self.part = M, N, P
        self.kernel_size, self.stride, self.padding = _pair(kernel_size), _pair(stride), padding
        self.weight_kxk = nn.Parameter(torch.empty(N, M // P, *self.kernel_size))
        self.weight_1x1 = nn.Parameter(torch.empty(N, M - M // P))
        self.bias = nn.Parameter(torch.zeros(N)) if bias else None
        j, i = torch.arange(N)[:, None], torch.arange(M)[None, :]
        self.register_buffer('mask_1x1', (i % P) != (j % P), persistent=False)
        self.register_buffer('kxk_channels', torch.arange(M // P)[None, :] * P + j % P, persistent=False)
        if N % P == 0:
            # Group r holds channels r, r + P, ... and filters r, r + P, ...
            self.register_buffer('gather', torch.tensor([t * P + r for r in range(P) for t in range(M // P)]), persistent=False)
            self.register_buffer('filters', torch.tensor([u * P + r for r in range(P) for u in range(N // P)]), persistent=False)
            self.register_buffer('unscatter', torch.tensor([(q % P) * (N // P) + q // P for q in range(N)]), persistent=False)
        fan_in = (M // P) * self.kernel_size[0] * self.kernel_size[1] + M - M // P
        bound = (6 / fan_in) ** 0.5
        nn.init.uniform_(self.weight_kxk, -bound, bound)
        nn.init.uniform_(self.weight_1x1, -bound, bound)

    def forward(self, x):
        M, N, P = self.in_channels, self.out_channels, self.part
        kh, kw = self.kernel_size
        t, b, l, r = tf_pads(x.shape[-2:], self.kernel_size, self.stride, 1, self.padding)
        xp = F.pad(x, (l, r, t, b))
        if N % P == 0:
            y = F.conv2d(xp[:, self.gather], self.weight_kxk[self.filters], None, self.stride, groups=P)[:, self.unscatter]
        else:
            w = x.new_zeros(N, M, kh, kw)
            w[torch.arange(N)[:, None], self.kxk_channels] = self.weight_kxk
            y = F.conv2d(xp, w, None, self.stride)
        w1 = x.new_zeros(N, M)
        w1[self.mask_1x1] = self.weight_1x1.flatten()
        th, tw = min(t, kh - 1), min(l, kw - 1)
        y1 = F.conv2d(xp[:, :, th:, tw:], w1[:, :, None, None], None, self.stride)
        y = y + y1[:, :, :y.shape[2], :y.shape[3]]
        return y if self.bias is None else y + self.bias[:, None, None]`,
  },
  conv_transpose2d: {
    deps: ['_pair'],
    code: `class ConvTranspose2dTF(nn.ConvTranspose2d):
    """nn.ConvTranspose2d with convcost's output window: the full transposed conv, (H - 1) * stride + K
    rows, cut at (top, left) to the output size of its padding ("same": H * stride, "valid": no cut,
    explicit (top, bottom, left, right)) plus output_padding, rows past the full output zeros; bias after."""

    def __init__(self, in_channels, out_channels, kernel_size, stride, padding, output_padding, groups, bias):
        super().__init__(in_channels, out_channels, kernel_size, stride, 0, 0, groups, bias)
        self.tf_padding, self.tf_output_padding = padding, _pair(output_padding)

    def forward(self, x):
        full = F.conv_transpose2d(x, self.weight, None, self.stride, 0, 0, self.groups)
        size, cut = [], []
        for i in range(2):
            n, k, s, op = x.shape[2 + i], self.kernel_size[i], self.stride[i], self.tf_output_padding[i]
            if self.tf_padding == 'same':
                start, out = max(k - s, 0) // 2, n * s + op
            elif self.tf_padding == 'valid':
                start, out = 0, (n - 1) * s + k + op
            else:
                a, z = self.tf_padding[2 * i], self.tf_padding[2 * i + 1]
                start, out = a, (n - 1) * s + k - a - z + op
            size.append(out)
            cut.append(start)
        y = full[:, :, cut[0]:cut[0] + size[0], cut[1]:cut[1] + size[1]]
        y = F.pad(y, (0, size[1] - y.shape[3], 0, size[0] - y.shape[2]))
        return y if self.bias is None else y + self.bias[:, None, None]


def conv_transpose2d(in_channels, out_channels, kernel_size, stride=1, padding='valid', output_padding=0, groups=1, bias=True):
    """A transposed conv with convcost's output size: nn.ConvTranspose2d when it pads symmetrically, else ConvTranspose2dTF."""
    k, s, op = _pair(kernel_size), _pair(stride), _pair(output_padding)
    if padding == 'valid' and all(o < st for o, st in zip(op, s)):
        return nn.ConvTranspose2d(in_channels, out_channels, k, s, 0, op, groups, bias)
    if padding not in ('valid', 'same') and padding[0] == padding[1] and padding[2] == padding[3] and all(o < st for o, st in zip(op, s)):
        return nn.ConvTranspose2d(in_channels, out_channels, k, s, (padding[0], padding[2]), op, groups, bias)
    return ConvTranspose2dTF(in_channels, out_channels, k, s, padding, op, groups, bias)`,
  },
  channel_shuffle: {
    deps: [],
    code: `def channel_shuffle(x, groups):
    """Channel k of the output reads channel (k mod groups) * (C / groups) + k // groups: C viewed as groups x C/groups, transposed."""
    n, c = x.shape[:2]
    return x.reshape(n, groups, c // groups, *x.shape[2:]).transpose(1, 2).reshape(x.shape)`,
  },
  pad_shortcut: {
    deps: [],
    code: `def pad_shortcut(x, stride, channels):
    """ResNet option A: x[:, :, ::stride, ::stride] with zero channels added, half before and half after."""
    x = x[:, :, ::stride, ::stride]
    extra = channels - x.shape[1]
    return F.pad(x, (0, 0, 0, 0, extra // 2, extra - extra // 2))`,
  },
  activation: {
    deps: [],
    code: `ACTIVATIONS = {
    'relu': nn.ReLU, 'relu6': nn.ReLU6, 'leaky_relu': lambda: nn.LeakyReLU(${LEAKY_ALPHA}), 'sigmoid': nn.Sigmoid,
    'tanh': nn.Tanh, 'swish': nn.SiLU, 'hard_sigmoid': nn.Hardsigmoid, 'hard_swish': nn.Hardswish, 'linear': nn.Identity,
}


def activation(name):
    """convcost's activation by name, as a module."""
    return ACTIVATIONS[name]()`,
  },
};

/** The helpers' code in dependency order, each once. */
export function helperCode(names: Iterable<string>): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (n: string) => {
    if (seen.has(n)) return;
    const h = HELPERS[n];
    if (!h) throw new Error(`no Python helper "${n}"`);
    seen.add(n);
    for (const d of h.deps) visit(d);
    out.push(h.code);
  };
  for (const n of names) visit(n);
  return out;
}
