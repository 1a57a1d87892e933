// placeholder replaced below
setInterval(() => undefined, 1 << 30);
