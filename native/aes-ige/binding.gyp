{
  "targets": [
    {
      "target_name": "tgfetch_aes_ige",
      "sources": ["aes_ige.c"],
      "cflags": ["-O3", "-std=c99", "-Wall", "-Wextra"],
      "xcode_settings": { "OTHER_CFLAGS": ["-O3", "-std=c99"] },
      "msvs_settings": { "VCCLCompilerTool": { "Optimization": 2 } }
    }
  ]
}
