{
  "targets": [
    {
      "target_name": "epikit",
      "sources": [
        "native/addon.cc",
        "native/bind_random.cc",
        "native/bind_ckmeans.cc",
        "native/bind_indices.cc",
        "native/bind_kmeans.cc",
        "native/bind_distances.cc",
        "native/bind_hclust.cc",
        "native/bind_evolution.cc",
        "native/bind_nmf.cc",
        "native/bind_hawkes.cc",
        "native/kernels/ckmeans.cc",
        "native/kernels/indices.cc",
        "native/kernels/kmeans.cc",
        "native/kernels/distances.cc",
        "native/kernels/hclust.cc",
        "native/kernels/evolution.cc",
        "native/kernels/nmf.cc",
        "native/kernels/hawkes.cc"
      ],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")", "native"],
      "defines": ["NAPI_VERSION=8", "NODE_ADDON_API_CPP_EXCEPTIONS", "NODE_ADDON_API_DISABLE_DEPRECATED", "NODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions", "-std=gnu++17", "-std=gnu++20"],
      "cflags_cc": ["-std=c++17", "-O3", "-fexceptions", "-fvisibility=hidden", "-ffp-contract=off"],
      "xcode_settings": {
        "GCC_ENABLE_CPP_EXCEPTIONS": "YES",
        "CLANG_CXX_LANGUAGE_STANDARD": "c++17",
        "GCC_SYMBOLS_PRIVATE_EXTERN": "YES",
        "MACOSX_DEPLOYMENT_TARGET": "11.0",
        "OTHER_CFLAGS": ["-O3", "-ffp-contract=off"]
      },
      "msvs_settings": {
        "VCCLCompilerTool": { "ExceptionHandling": 1, "AdditionalOptions": ["/std:c++17", "/fp:precise"] }
      }
    }
  ]
}
