/**
 * ACB's fuse() in the exported PyTorch class: ACNet's deploy conversion (Ding et al. 2019, eq. 6),
 * the same algebra as fuse.ts on PyTorch's tensors. The 1xK and Kx1 kernels go into the row and
 * column of the KxK kernel that read the same pixels: the difference of the branches' top/left
 * padding (the centre, except where TensorFlow's "same" pads the KxK conv unevenly at stride > 1,
 * which depends on the input size).
 */
export function acbFuseMethod(attr: (op: string) => string | undefined): string | undefined {
  const sq = attr('square');
  const hor = attr('hor');
  const ver = attr('ver');
  if (!sq || !hor || !ver) return undefined;
  const bn = (op: string) => (attr(op) ? `self.${attr(op)}` : 'None');
  return `def fuse(self, input_size=None):
    """The deploy conv (ACNet): each branch's BN folded into its conv, and the 1xK and Kx1 kernels
    added into the KxK kernel's row and column that read the same pixels. input_size (H, W) is
    needed only when TensorFlow's "same" padding pads the KxK conv unevenly (stride > 1)."""

    def folded(conv, bn):
        w = conv.weight.detach()
        b = conv.bias.detach() if conv.bias is not None else torch.zeros(w.shape[0])
        if isinstance(bn, nn.BatchNorm2d):
            s = bn.weight.detach() / torch.sqrt(bn.running_var + bn.eps)
            return w * s[:, None, None, None], bn.bias.detach() + (b - bn.running_mean) * s
        return w, b

    def top_left(conv):
        if not isinstance(conv, Conv2dTF):
            return conv.padding
        if input_size is None and conv.tf_padding == 'same' and conv.stride != (1, 1):
            raise ValueError('this ACB pads like TensorFlow "same" at stride > 1: call fuse((H, W)) with its input size')
        t, _, l, _ = tf_pads(input_size or (1, 1), conv.kernel_size, conv.stride, conv.dilation, conv.tf_padding)
        return t, l

    w, b = folded(self.${sq}, ${bn('bn_square')})
    wh, bh = folded(self.${hor}, ${bn('bn_hor')})
    wv, bv = folded(self.${ver}, ${bn('bn_ver')})
    (t, l), (th, _), (_, lv) = top_left(self.${sq}), top_left(self.${hor}), top_left(self.${ver})
    row, col = (t - th) // self.${sq}.dilation[0], (l - lv) // self.${sq}.dilation[1]
    w = w.clone()
    w[:, :, row:row + 1, :] += wh
    w[:, :, :, col:col + 1] += wv
    fused = copy.deepcopy(self.${sq})
    fused.weight = nn.Parameter(w)
    fused.bias = nn.Parameter(b + bh + bv)
    return fused`;
}
