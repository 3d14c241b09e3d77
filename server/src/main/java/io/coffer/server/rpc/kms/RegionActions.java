package io.coffer.server.rpc.kms;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coffer.server.rpc.RpcCall;
import io.coffer.server.rpc.RpcJson;
import io.coffer.server.rpc.RpcRoutes;
import java.util.List;

/**
 * KMS region discovery. A Coffer server answers for the one region it is configured with.
 */
public final class RegionActions {

  public void register(RpcRoutes routes) {
    routes.add(RpcRoutes.KMS, "DescribeRegions", this::describeRegions);
  }

  /**
   * DescribeRegions: the regions this KMS serves.
   * https://www.alibabacloud.com/help/en/kms/key-management-service/developer-reference/api-kms-2016-01-20-describeregions
   */
  ObjectNode describeRegions(RpcCall call) {
    return RpcJson.list(RpcJson.object(), "Regions", "Region",
        List.of(RpcJson.object().put("RegionId", call.region())));
  }
}
