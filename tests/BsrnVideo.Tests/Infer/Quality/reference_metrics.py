#!/usr/bin/python3
"""Reference PSNR/SSIM numbers for ImageMetricsTests (not run by CI).

Re-implements BasicSR's basicsr/metrics/psnr_ssim.py (calculate_psnr / calculate_ssim with
test_y_channel=True) in plain numpy, because OpenCV is not installed here:
  * to_y_channel: img.astype(float32) / 255 -> bgr2ycbcr(y_only=True) (= 16 + 65.481 R + 128.553 G + 24.966 B
    on [0, 1], divided by 255 and cast back to float32) -> * 255;
  * crop `border` pixels on each side; PSNR = 10 log10(255^2 / MSE), inf when MSE == 0;
  * SSIM: window = outer(g, g), g = cv2.getGaussianKernel(11, 1.5) (exp(-(i-5)^2 / (2 * 1.5^2)), normalised),
    cv2.filter2D(...)[5:-5, 5:-5] == 'valid' correlation, C1 = (0.01*255)^2, C2 = (0.03*255)^2, mean of the map.
The synthetic images are the same integer formulas as SyntheticImages.cs. Set5 PNGs are decoded with the
ffmpeg CLI to rgb24, as the tests do. Usage: /usr/bin/python3 reference_metrics.py [path/to/shared]
"""
import subprocess
import sys

import numpy as np


def synthetic_a(w, h):
    y, x = np.mgrid[0:h, 0:w]
    img = np.zeros((h, w, 3), np.int64)
    for c in range(3):
        img[..., c] = (x * 37 + y * 91 + c * 53 + ((x * y) % 17) * 11) % 256
    return img.astype(np.uint8)


def synthetic_b(w, h):
    """synthetic_a plus a bounded deterministic perturbation in [-6, 6], clamped to 0..255."""
    y, x = np.mgrid[0:h, 0:w]
    a = synthetic_a(w, h).astype(np.int64)
    for c in range(3):
        a[..., c] += ((x * 13 + y * 7 + c * 5 + x * y) % 13) - 6
    return np.clip(a, 0, 255).astype(np.uint8)


def synthetic_smooth(w, h):
    """A smooth gradient image (x, y ramps) so SSIM is in a realistic range."""
    y, x = np.mgrid[0:h, 0:w]
    img = np.zeros((h, w, 3), np.int64)
    img[..., 0] = (x * 255) // (w - 1)
    img[..., 1] = (y * 255) // (h - 1)
    img[..., 2] = ((x + y) * 255) // (w + h - 2)
    return img.astype(np.uint8)


def to_y_basicsr(rgb):
    img = rgb.astype(np.float32) / 255.0
    # bgr2ycbcr on BGR == rgb2ycbcr on RGB; np.dot with a Python list promotes to float64
    y = np.dot(img, [65.481, 128.553, 24.966]) + 16.0
    y = (y / 255.0).astype(np.float32)
    return (y * 255.0).astype(np.float64)


def to_y_double(rgb):
    img = rgb.astype(np.float64) / 255.0
    return np.dot(img, [65.481, 128.553, 24.966]) + 16.0


def crop(img, border):
    return img[border:-border, border:-border, ...] if border else img


def psnr(a, b):
    mse = np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2)
    return float('inf') if mse == 0 else 10.0 * np.log10(255.0 * 255.0 / mse)


def gaussian_window():
    i = np.arange(11, dtype=np.float64) - 5
    g = np.exp(-(i * i) / (2 * 1.5 * 1.5))
    g /= g.sum()
    return np.outer(g, g)


def filter_valid(img, window):
    view = np.lib.stride_tricks.sliding_window_view(img, (11, 11))
    return np.einsum('ijkl,kl->ij', view, window)


def ssim_plane(img, img2):
    c1 = (0.01 * 255) ** 2
    c2 = (0.03 * 255) ** 2
    w = gaussian_window()
    mu1 = filter_valid(img, w)
    mu2 = filter_valid(img2, w)
    mu1_sq, mu2_sq, mu1_mu2 = mu1 ** 2, mu2 ** 2, mu1 * mu2
    sigma1_sq = filter_valid(img ** 2, w) - mu1_sq
    sigma2_sq = filter_valid(img2 ** 2, w) - mu2_sq
    sigma12 = filter_valid(img * img2, w) - mu1_mu2
    ssim_map = ((2 * mu1_mu2 + c1) * (2 * sigma12 + c2)) / ((mu1_sq + mu2_sq + c1) * (sigma1_sq + sigma2_sq + c2))
    return ssim_map.mean()


def metrics(a, b, border):
    ya, yb = to_y_basicsr(crop(a, border)), to_y_basicsr(crop(b, border))
    da, db = to_y_double(crop(a, border)), to_y_double(crop(b, border))
    return {
        'psnr_y': psnr(ya, yb), 'ssim_y': ssim_plane(ya, yb),
        'psnr_y_double': psnr(da, db), 'ssim_y_double': ssim_plane(da, db),
        'psnr_rgb': psnr(crop(a, border), crop(b, border)),
    }


def load_png(path):
    probe = subprocess.run(['ffprobe', '-v', 'error', '-show_entries', 'stream=width,height', '-of', 'csv=p=0', path],
                           check=True, capture_output=True, text=True).stdout.strip().split(',')
    w, h = int(probe[0]), int(probe[1])
    raw = subprocess.run(['ffmpeg', '-v', 'error', '-i', path, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'],
                         check=True, capture_output=True).stdout
    return np.frombuffer(raw, np.uint8).reshape(h, w, 3)


def nearest_upscale(img, s):
    return img.repeat(s, axis=0).repeat(s, axis=1)


def show(name, m):
    print(f"{name}: " + ", ".join(f"{k}={v!r}" for k, v in m.items()))


def main():
    show('A vs B 48x40 border 0', metrics(synthetic_a(48, 40), synthetic_b(48, 40), 0))
    show('A vs B 48x40 border 4', metrics(synthetic_a(48, 40), synthetic_b(48, 40), 4))
    show('smooth vs B 64x32 border 2', metrics(synthetic_smooth(64, 32), synthetic_b(64, 32), 2))
    show('smooth vs smooth-shifted 64x32 border 0',
         metrics(synthetic_smooth(64, 32), np.roll(synthetic_smooth(64, 32), 1, axis=1), 0))
    shared = sys.argv[1] if len(sys.argv) > 1 else '/work/shared'
    for name in ['baby', 'bird', 'butterfly', 'head', 'woman']:
        hr = load_png(f'{shared}/data/images/Set5/HR/{name}.png')
        lr = load_png(f'{shared}/data/images/Set5/LRbicx4/{name}.png')
        show(f'Set5 {name} HR vs nearest-x4(LRbicx4) border 4', metrics(hr, nearest_upscale(lr, 4), 4))


if __name__ == '__main__':
    main()
