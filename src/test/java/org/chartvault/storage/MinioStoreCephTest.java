package org.chartvault.storage;

import org.chartvault.testing.Ceph;
import org.junit.jupiter.api.Tag;

/**
 * The MinIO adapter against Ceph's radosgw, the S3 gateway of a Ceph cluster (started by {@link Ceph}): the whole
 * contract, and what only a server that enforces Object Lock can show.
 */
@Tag("long")
class MinioStoreCephTest extends MinioStoreContract {
    @Override
    protected String endpoint() {
        return Ceph.endpoint();
    }

    @Override
    protected String accessKey() {
        return Ceph.ACCESS_KEY;
    }

    @Override
    protected String secretKey() {
        return Ceph.SECRET_KEY;
    }
}
