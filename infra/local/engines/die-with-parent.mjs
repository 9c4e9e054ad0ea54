/**
 * Preloaded (`node --import`) into an engine the local system spawns: the engine ends
 * when the process that started it is gone, even one killed with SIGKILL, which runs no
 * exit handler to stop it. Plain JavaScript, so the child needs no loader.
 */
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.exit(0);
}, 250).unref();
