/*
 * SHA-256 compression with the x86 SHA extensions (SHA-NI), for the msg_key
 * check that aes_ige.c runs in the same pass as IGE decryption.
 *
 * The state is kept the way sha256rnds2 wants it: ABEF and CDGH (each with
 * the first-named word in the highest lane). ROUNDS4 runs four rounds on
 * one group of message words; SCHED computes the next group from the four
 * before it (W[t] = σ1(W[t-2]) + W[t-7] + σ0(W[t-15]) + W[t-16]).
 */
#ifndef TGFETCH_SHA256_NI_H
#define TGFETCH_SHA256_NI_H

#include <stdint.h>
#include <string.h>
#include <immintrin.h>

#if defined(_MSC_VER) && !defined(__clang__)
#define TARGET_SHA
#else
#define TARGET_SHA __attribute__((target("aes,sha,sse4.1,ssse3")))
#endif

static const uint32_t SHA256_K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

typedef struct {
  __m128i abef, cdgh;
} sha256_state;

/* big-endian 32-bit words, as SHA-256 reads its input */
#define SHA256_BSWAP_MASK _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL)

#define SHA256_ROUNDS4(abef, cdgh, w, g)                                                      \
  do {                                                                                       \
    const __m128i m_ = _mm_add_epi32((w), _mm_loadu_si128((const __m128i *)(SHA256_K + 4 * (g)))); \
    (cdgh) = _mm_sha256rnds2_epu32((cdgh), (abef), m_);                                       \
    (abef) = _mm_sha256rnds2_epu32((abef), (cdgh), _mm_shuffle_epi32(m_, 0x0e));              \
  } while (0)

/* w0 (the oldest group) becomes the next one */
#define SHA256_SCHED(w0, w1, w2, w3)                                                              \
  (w0) = _mm_sha256msg2_epu32(                                                                    \
      _mm_add_epi32(_mm_sha256msg1_epu32((w0), (w1)), _mm_alignr_epi8((w3), (w2), 4)), (w3))

TARGET_SHA static void sha256_init(sha256_state *s) {
  static const uint32_t h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  const __m128i badc = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)h), 0xb1);
  const __m128i efgh = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)(h + 4)), 0x1b);
  s->abef = _mm_alignr_epi8(badc, efgh, 8);
  s->cdgh = _mm_blend_epi16(efgh, badc, 0xf0);
}

/* One 64-byte block. */
TARGET_SHA static void sha256_block(sha256_state *s, const uint8_t *p) {
  const __m128i bswap = SHA256_BSWAP_MASK;
  __m128i abef = s->abef, cdgh = s->cdgh;
  __m128i w0 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)p), bswap);
  __m128i w1 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16)), bswap);
  __m128i w2 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 32)), bswap);
  __m128i w3 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 48)), bswap);
  SHA256_ROUNDS4(abef, cdgh, w0, 0);
  SHA256_ROUNDS4(abef, cdgh, w1, 1);
  SHA256_ROUNDS4(abef, cdgh, w2, 2);
  SHA256_ROUNDS4(abef, cdgh, w3, 3);
  for (int g = 4; g < 16; g += 4) {
    SHA256_SCHED(w0, w1, w2, w3);
    SHA256_ROUNDS4(abef, cdgh, w0, g);
    SHA256_SCHED(w1, w2, w3, w0);
    SHA256_ROUNDS4(abef, cdgh, w1, g + 1);
    SHA256_SCHED(w2, w3, w0, w1);
    SHA256_ROUNDS4(abef, cdgh, w2, g + 2);
    SHA256_SCHED(w3, w0, w1, w2);
    SHA256_ROUNDS4(abef, cdgh, w3, g + 3);
  }
  s->abef = _mm_add_epi32(abef, s->abef);
  s->cdgh = _mm_add_epi32(cdgh, s->cdgh);
}

/*
 * The message's last bytes (`rest` of them, a multiple of 16 below 64: the
 * callers hash 16-byte blocks), its padding and length, and the digest.
 */
TARGET_SHA static void sha256_finish(sha256_state *s, const uint8_t *p, size_t rest, uint64_t total,
                                     uint8_t digest[32]) {
  uint8_t tail[64];
  memset(tail, 0, sizeof tail);
  memcpy(tail, p, rest);
  tail[rest] = 0x80; /* rest <= 48: the 8-byte length fits in this block */
  for (int i = 0; i < 8; i++) tail[63 - i] = (uint8_t)((total * 8) >> (8 * i));
  sha256_block(s, tail);
  const __m128i feba = _mm_shuffle_epi32(s->abef, 0x1b);
  const __m128i dchg = _mm_shuffle_epi32(s->cdgh, 0xb1);
  const __m128i bswap = SHA256_BSWAP_MASK;
  _mm_storeu_si128((__m128i *)digest, _mm_shuffle_epi8(_mm_blend_epi16(feba, dchg, 0xf0), bswap));
  _mm_storeu_si128((__m128i *)(digest + 16), _mm_shuffle_epi8(_mm_alignr_epi8(dchg, feba, 8), bswap));
}

#endif
