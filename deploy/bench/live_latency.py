#!/usr/bin/env python3
"""Glass-to-glass latency and sustained fps of one live stream through `bsrn-video serve`.

  python3 deploy/bench/live_latency.py --service http://127.0.0.1:8080 [--token T] --hls-root /tmp/bsrn-hls \
      --clip clip.mp4 --seconds 30 --scale 4 --model bicubic

What it does (loopback only):
  * ffmpeg -re pushes the clip as MPEG-TS over UDP to a relay in this script, which forwards every datagram to
    the service and notes the wall time of the first one (T0: "glass" in);
  * it creates an HLS job (1 s segments, every segment kept) and polls the playlist on disk every 10 ms; the
    moment segment N is listed is W_N ("glass" out: when a player can fetch it);
  * the output timeline starts at the first input frame, so the last frame of segment N was sent at about
    T0 + end_N (end_N: the sum of the EXTINF durations up to N) and its glass-to-glass latency is W_N - T0 - end_N.
    A frame in the middle of a segment waits half a segment more. (Precision: ±2 frame intervals, from -re's
    dts pacing and B-frame reordering in the sender.)
  * sustained fps: the job's output frames over the run, and the service's own fps figure; drops are reported.
  * --capacity N: a second run with pacing off and the sender at N x real time measures the most the pipeline
    does (output fps while it drops).
"""
import argparse, json, os, re, socket, statistics, subprocess, sys, threading, time, urllib.request


def api(base, token, method, path, body=None):
    req = urllib.request.Request(base + path, method=method, data=None if body is None else json.dumps(body).encode())
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.loads(r.read() or b"null")


def relay(listen, target, first, stop):
    rx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    rx.bind(("127.0.0.1", listen))
    rx.settimeout(0.2)
    tx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    while not stop.is_set():
        try:
            data = rx.recv(65536)
        except socket.timeout:
            continue
        if first[0] is None:
            first[0] = time.time()
        tx.sendto(data, ("127.0.0.1", target))


def free_udp():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p


def run(args, pace=True, readrate=None):
    in_port, svc_port = free_udp(), free_udp()
    job = api(args.service, args.token, "POST", "/v1/jobs", {
        "input": f"udp://127.0.0.1:{svc_port}", "output": "hls", "scale": args.scale, "model": args.model, "batch": args.batch,
        "live": {"hlsSegmentSeconds": args.segment, "hlsListSize": 0, "pace": pace}})
    jid = job["id"]
    playlist = os.path.join(args.hls_root, jid, "index.m3u8")
    first, stop = [None], threading.Event()
    t = threading.Thread(target=relay, args=(in_port, svc_port, first, stop), daemon=True); t.start()
    loops = max(0, int(args.seconds // args.clip_seconds))
    rate = ["-readrate", str(readrate)] if readrate else ["-re"]
    sender = subprocess.Popen(["ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", *rate, "-stream_loop", str(loops), "-t", str(args.seconds),
                               "-i", args.clip, "-c", "copy", "-f", "mpegts", f"udp://127.0.0.1:{in_port}?pkt_size=1316"])
    seen, fps_samples, durations = {}, [], []
    deadline = time.time() + args.seconds + 30
    last_api = 0
    while time.time() < deadline:
        now = time.time()
        if os.path.exists(playlist):
            text = open(playlist).read()
            durations = [float(d) for d in re.findall(r"#EXTINF:([0-9.]+)", text)]
            for i, _ in enumerate(re.findall(r"segment_(\d+)\.ts", text)):
                seen.setdefault(i, now)
        if now - last_api > 1:
            last_api = now
            s = api(args.service, args.token, "GET", f"/v1/jobs/{jid}")
            if s["state"] == "running" and s["fps"] > 0:
                fps_samples.append(s["fps"])
        if sender.poll() is not None and now > (first[0] or now) + args.seconds + 2 * args.segment + 1:
            break
        time.sleep(0.01)
    sender.wait()
    status = api(args.service, args.token, "GET", f"/v1/jobs/{jid}")
    final = api(args.service, args.token, "DELETE", f"/v1/jobs/{jid}")
    stop.set()
    t0, end, lat = first[0], 0.0, []
    for i, d in enumerate(durations):
        end += d
        if i in seen and i < len(durations) - 1:  # the last segment is cut by the stop
            lat.append(seen[i] - t0 - end)
    run_seconds = args.seconds
    return {
        "job": jid, "segments": len(lat), "segment_s": args.segment,
        "g2g_last_frame_s": {"min": min(lat), "median": statistics.median(lat), "p95": sorted(lat)[int(0.95 * (len(lat) - 1))], "max": max(lat)} if lat else None,
        "g2g_mean_frame_s": (statistics.mean(lat) + args.segment / 2) if lat else None,
        "frames_in": final["framesIn"], "frames_out": final["framesOut"], "dropped": final["framesDropped"],
        "fps_out_avg": final["framesOut"] / run_seconds * (1 if not readrate else 1),
        "fps_service_median": statistics.median(fps_samples) if fps_samples else 0, "fps_service_max": max(fps_samples) if fps_samples else 0,
        "service_latency_s": status["latency"], "input": status["inputSize"], "output": status["outputSize"],
    }


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--service", default="http://127.0.0.1:8080")
    p.add_argument("--token", default=os.environ.get("BSRN_VIDEO_API_TOKEN"))
    p.add_argument("--hls-root", required=True)
    p.add_argument("--clip", required=True)
    p.add_argument("--clip-seconds", type=float, default=None)
    p.add_argument("--seconds", type=float, default=30)
    p.add_argument("--segment", type=float, default=1.0)
    p.add_argument("--scale", type=int, default=4)
    p.add_argument("--batch", type=int, default=1)
    p.add_argument("--model", default="bicubic")
    p.add_argument("--capacity", type=float, default=None, help="also run unpaced with the sender at this many x real time")
    args = p.parse_args()
    if args.clip_seconds is None:
        out = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", args.clip], capture_output=True, text=True, check=True)
        args.clip_seconds = float(out.stdout.strip())
    result = {"realtime": run(args)}
    if args.capacity:
        r = run(args, pace=False, readrate=args.capacity)
        r["fps_out_avg"] = r["frames_out"] / (args.seconds / args.capacity)
        result["capacity"] = r
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
