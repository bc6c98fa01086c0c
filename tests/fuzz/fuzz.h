/* fuzz.h: what every harness in tests/fuzz defines: the libFuzzer entry point and where its
 * seed inputs and regression inputs live (for replay.c and tests/fuzz.test.sh). */
#pragma once

#include <stddef.h>
#include <stdint.h>

/* Runs one input; returns 0. A crash, a sanitizer report or a failed
 * g_assert is a finding. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Directories (relative to the source tree) of inputs every run starts from,
 * NULL-terminated; the first is tests/data/fuzz/TARGET, the regressions. */
extern const char *const desk_fuzz_inputs[];
