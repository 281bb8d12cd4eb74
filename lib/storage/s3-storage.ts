import "server-only";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import { AppError } from "@/lib/http/errors";
import { type Logger, logger as rootLogger } from "@/lib/logger";
import { assertSafeKey, type PhotoStorage } from "./storage";

export interface S3StorageOptions {
  bucket: string;
  /** An S3-compatible endpoint (MinIO, R2, s3rver…); unset → AWS for `region`. */
  endpoint?: string;
  region: string;
  /** Both or neither; neither → the SDK's default chain (env, profile, instance/task role). */
  accessKeyId?: string;
  secretAccessKey?: string;
  /** `http://host/bucket/key` rather than `http://bucket.host/key` (MinIO, s3rver). */
  forcePathStyle: boolean;
  /** Attempts per call, the first included (the SDK's standard retry mode, with backoff). */
  maxAttempts?: number;
  /** Upper bound of one HTTP attempt, request and response. */
  requestTimeoutMs?: number;
  connectionTimeoutMs?: number;
  logger?: Logger;
}

/** What the user sees when S3 cannot serve a request; the details go to the log only. */
const UNAVAILABLE_MESSAGE = "Photo storage is unavailable, try again shortly";

type Operation = "put" | "get" | "delete" | "healthCheck";

/**
 * A missing object: GetObject answers NoSuchKey (a bodiless 404 reads as NotFound). A missing
 * bucket is a 404 too (NoSuchBucket) but means misconfiguration, not a lost photo.
 */
function isMissingObject(error: unknown): boolean {
  if (!(error instanceof S3ServiceException)) return false;
  return error.name === "NoSuchKey" || (error.name === "NotFound" && error.$metadata.httpStatusCode === 404);
}

/**
 * The fields of an SDK or network error that are safe to log: names, codes and status, never the
 * request (its signed headers carry the access key id) nor the client configuration.
 */
function describeError(error: unknown) {
  if (error instanceof S3ServiceException) {
    return {
      errorName: error.name,
      httpStatus: error.$metadata.httpStatusCode,
      awsRequestId: error.$metadata.requestId,
      attempts: error.$metadata.attempts,
      message: error.message,
    };
  }
  const err = error as { name?: string; code?: string; message?: string; $metadata?: { attempts?: number } };
  return {
    errorName: err?.name ?? typeof error,
    code: err?.code,
    attempts: err?.$metadata?.attempts,
    message: String(err?.message ?? error).slice(0, 300),
  };
}

/**
 * Photo bytes in one S3 (or S3-compatible) bucket, keyed like the disk driver. Any failure other
 * than a missing object (no bucket, access denied, network down, timeout) becomes
 * `AppError("unavailable")`, a 503 with a neutral message; the cause is logged without secrets.
 */
export class S3Storage implements PhotoStorage {
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly log: Logger;

  constructor(options: S3StorageOptions) {
    const { accessKeyId, secretAccessKey } = options;
    if (Boolean(accessKeyId) !== Boolean(secretAccessKey)) {
      throw new Error("Set both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY, or neither (default AWS chain)");
    }
    this.bucket = options.bucket;
    this.log = (options.logger ?? rootLogger).child({ component: "s3-storage", bucket: options.bucket });
    this.client = new S3Client({
      region: options.region,
      endpoint: options.endpoint,
      forcePathStyle: options.forcePathStyle,
      credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
      maxAttempts: options.maxAttempts ?? 3,
      retryMode: "standard",
      requestHandler: {
        connectionTimeout: options.connectionTimeoutMs ?? 3_000,
        requestTimeout: options.requestTimeoutMs ?? 30_000,
        throwOnRequestTimeout: true,
      },
      // Checksums only where S3 requires them: S3-compatible servers (MinIO releases, s3rver)
      // do not all accept the SDK's default CRC32 headers and aws-chunked trailers.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    });
  }

  private unavailable(operation: Operation, key: string | undefined, error: unknown): AppError {
    this.log.error({ operation, key, ...describeError(error) }, "Photo storage request failed");
    return new AppError("unavailable", UNAVAILABLE_MESSAGE);
  }

  /**
   * One PutObject with the whole body: photos are at most MAX_UPLOAD_BYTES (15 MB by default) and
   * already re-encoded in memory, well under the 5 GB single-request limit. Multipart (the
   * `Upload` helper of @aws-sdk/lib-storage, not installed) would only pay off for far larger bodies.
   */
  async put(key: string, bytes: Uint8Array, contentType: string): Promise<void> {
    assertSafeKey(key);
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: bytes,
          ContentType: contentType,
          ContentLength: bytes.byteLength,
        }),
      );
    } catch (error) {
      throw this.unavailable("put", key, error);
    }
  }

  async get(key: string): Promise<Uint8Array | null> {
    assertSafeKey(key);
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      if (!object.Body) return new Uint8Array();
      return await object.Body.transformToByteArray();
    } catch (error) {
      if (isMissingObject(error)) return null;
      throw this.unavailable("get", key, error);
    }
  }

  /** S3's DeleteObject succeeds for a missing key too: deleting twice is fine. */
  async delete(key: string): Promise<void> {
    assertSafeKey(key);
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
    } catch (error) {
      if (isMissingObject(error)) return;
      throw this.unavailable("delete", key, error);
    }
  }

  /** HeadBucket within `timeoutMs`: the bucket exists and these credentials may use it. */
  async healthCheck(timeoutMs = 2_000): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }), {
        abortSignal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw this.unavailable("healthCheck", undefined, error);
    }
  }

  /** Closes the SDK's keep-alive sockets (tests, shutdown). */
  destroy(): void {
    this.client.destroy();
  }
}
