/* The oracle: the Particle of engine.steg with its members sorted by hand by decreasing alignment (declaration order
 * among equals), as a C programmer would; gcc's offsetof and sizeof, printed like plugin.c prints the linked ones. */
#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct particle {
    uint64_t mass;
    uint32_t id;
    int16_t charge;
    int16_t spin;
    uint8_t tag;
    uint8_t code[4];
    uint8_t flag;
};

struct pair {
    uint32_t b;
    uint8_t a;
};

int main(void) {
    printf("size %zu\nalign %zu\n", sizeof(struct particle), alignof(struct particle));
    printf("tag %zu\n", offsetof(struct particle, tag));
    printf("mass %zu\n", offsetof(struct particle, mass));
    printf("code %zu\n", offsetof(struct particle, code));
    printf("charge %zu\n", offsetof(struct particle, charge));
    printf("id %zu\n", offsetof(struct particle, id));
    printf("flag %zu\n", offsetof(struct particle, flag));
    printf("spin %zu\n", offsetof(struct particle, spin));
    printf("pair %zu a %zu b %zu\n", sizeof(struct pair), offsetof(struct pair, a), offsetof(struct pair, b));
    return 0;
}
