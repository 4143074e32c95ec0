import sys, urllib.request, urllib.error
port, size = int(sys.argv[1]), int(sys.argv[2])
b = "b0undary"
head = (f"--{b}\r\nContent-Disposition: form-data; name=\"chat_id\"\r\n\r\nchat\r\n--{b}\r\n"
        f"Content-Disposition: form-data; name=\"upload\"; filename=\"big.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n").encode()
body = head + b"\0" * size + f"\r\n--{b}--\r\n".encode()
req = urllib.request.Request(f"http://127.0.0.1:{port}/v1/upload", data=body,
        headers={"Content-Type": f"multipart/form-data; boundary={b}"})
try:
    with urllib.request.urlopen(req) as r:
        print(r.status, r.read().decode())
except urllib.error.HTTPError as e:
    print(e.code, e.read().decode())
