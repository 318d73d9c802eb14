"""Counts what PyTorch sees in models exported by convcost (run with Debian's /usr/bin/python3).

Reads a JSON list of jobs on stdin, [{"path": ".../model.py", "attrs": ["stem", "layer1_0", ...]}],
imports each file, builds its Model with no arguments and runs it once on zeros of INPUT_SHAPE.
Prints one JSON line per job: for every block attribute sum(p.numel()) of its parameters, the
numel of its BatchNorm running statistics, and the MACs counted by forward hooks (Conv2d:
output elements x C_in/groups x kh x kw; ConvTranspose2d: input elements x C_out/groups x kh x kw;
Linear: output elements x in_features; HetConv2d: output elements x (M/P kh kw + M - M/P), its
effective kernels), the output shapes, and for every module with a fuse() (ACB) the largest
|module(x) - fused(x)| on random inputs with random BN statistics (activations set aside).
"""

import importlib.util
import json
import sys

import torch
import torch.nn as nn

ACTIVATIONS = (nn.ReLU, nn.ReLU6, nn.LeakyReLU, nn.Sigmoid, nn.Tanh, nn.SiLU, nn.Hardsigmoid, nn.Hardswish)


def load(path, k):
    spec = importlib.util.spec_from_file_location(f'exported_{k}', path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def leaf_macs(m, inputs, out):
    if type(m).__name__ == 'HetConv2d':
        kh, kw = m.kernel_size
        big = m.in_channels // m.part
        return out.numel() * (big * kh * kw + m.in_channels - big)
    if isinstance(m, nn.Conv2d):
        return out.numel() * (m.in_channels // m.groups) * m.kernel_size[0] * m.kernel_size[1]
    if isinstance(m, nn.ConvTranspose2d):
        return inputs[0].numel() * (m.out_channels // m.groups) * m.kernel_size[0] * m.kernel_size[1]
    if isinstance(m, nn.Linear):
        return out.numel() * m.in_features
    return None


def randomize_bn(model):
    for m in model.modules():
        if isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d)):
            with torch.no_grad():
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.2, 0.2)
                m.running_mean.uniform_(-0.2, 0.2)
                m.running_var.uniform_(0.5, 1.5)


def check(job, k):
    module = load(job['path'], k)
    model = module.Model().eval()
    current = [None]
    macs = {a: 0 for a in job['attrs']}
    fuse_inputs = {}
    hooks = []
    for attr in job['attrs']:
        block = getattr(model, attr)

        def enter(_m, _inp, attr=attr):
            current[0] = attr

        hooks.append(block.register_forward_pre_hook(enter))
    for name, m in model.named_modules():
        if type(m).__name__ in ('HetConv2d',) or isinstance(m, (nn.Conv2d, nn.ConvTranspose2d, nn.Linear)):

            def count(m, inputs, out):
                n = leaf_macs(m, inputs, out)
                if n is not None and current[0] is not None:
                    macs[current[0]] += n

            hooks.append(m.register_forward_hook(count))
        if hasattr(m, 'fuse') and callable(m.fuse):

            def keep(m, inputs, _out, name=name):
                fuse_inputs[name] = tuple(inputs[0].shape)

            hooks.append(m.register_forward_hook(keep))
    with torch.no_grad():
        y = model(torch.zeros(*module.INPUT_SHAPE))
    for h in hooks:
        h.remove()
    outs = y if isinstance(y, tuple) else (y,)
    blocks = {}
    for attr in job['attrs']:
        block = getattr(model, attr)
        bn = [m for m in block.modules() if isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d))]
        blocks[attr] = {
            'params': sum(p.numel() for p in block.parameters()),
            'buffers': sum(m.running_mean.numel() + m.running_var.numel() for m in bn),
            'macs': macs[attr],
        }
    fused = []
    torch.manual_seed(0)
    for name, shape in fuse_inputs.items():
        m = dict(model.named_modules())[name]
        randomize_bn(m)
        for child_name, child in list(m.named_children()):
            if isinstance(child, ACTIVATIONS):
                setattr(m, child_name, nn.Identity())
        x = torch.randn(*shape)
        with torch.no_grad():
            err = (m(x) - m.fuse(shape[-2:])(x)).abs().max().item()
        fused.append({'module': name, 'error': err})
    return {
        'path': job['path'],
        'params': sum(p.numel() for p in model.parameters()),
        'blocks': blocks,
        'outputs': [list(o.shape) for o in outs],
        'fused': fused,
    }


def main():
    torch.set_num_threads(1)
    jobs = json.load(sys.stdin)
    for k, job in enumerate(jobs):
        try:
            result = check(job, k)
        except Exception as e:  # one line per failure, naming the file
            result = {'path': job['path'], 'error': f'{type(e).__name__}: {e}'}
        print(json.dumps(result), flush=True)


if __name__ == '__main__':
    main()
