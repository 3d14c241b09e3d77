package io.coffer.core.model;

/** Who manages an object's data key: OSS itself (SSE-OSS) or the KMS (SSE-KMS). */
public enum SseMethod {
  OSS,
  KMS
}
