#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

struct Header { uint8_t tag; uint32_t len; uint16_t flags; uint64_t id; };
#pragma pack(push, 2)
struct Packed { uint8_t a; uint64_t b; uint16_t c; };
#pragma pack(pop)
struct __attribute__((aligned(32))) Aligned { uint8_t x; unsigned __int128 wide; };
struct Outer { struct Header h; uint16_t grid[5][3]; struct Packed p; const struct Header *ptr; uint32_t c; bool ok; struct Aligned al; double f; };
