/* The engine of the marker-hazard reproducer: its generated header and the drift demo's freestanding runtime
 * (examples/drift/runtime.h: Linux system calls, no libc), entered at hazard_main. */
#include "engine.h"
#define RACE_DEMO_MAIN hazard_main
#include "runtime.h"
