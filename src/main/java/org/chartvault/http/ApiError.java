package org.chartvault.http;

/**
 * A request the API refuses, carried to the one place that turns it into
 * {@code {"error": code, "message": sentence}} with the given status.
 */
public class ApiError extends RuntimeException {
    private final int status;
    private final String code;

    public ApiError(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public static ApiError badRequest(String message) {
        return new ApiError(400, "bad-request", message);
    }

    public static ApiError notFound(String message) {
        return new ApiError(404, "not-found", message);
    }
}
