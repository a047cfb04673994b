// RSA as MTProto uses it: keys and fingerprints, RSA_PAD, and the legacy scheme.
export * from './rsa-key.js'
export * from './rsa-legacy.js'
export * from './rsa-pad.js'
