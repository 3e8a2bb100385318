import type { IncreaseNodesRequest } from '../../generated/index.js';

// The worked example of the wire reference (alibaba-rpc-wire.md §2), transcribed by hand: the
// request, and the query pairs it flattens to (1-based lists, integers and booleans as text).
export const WORKED_EXAMPLE_REQUEST: IncreaseNodesRequest = {
  RegionId: 'cn-hangzhou',
  ClusterId: 'c-b933c5aac8fe****',
  NodeGroupId: 'ng-869471354ecd****',
  IncreaseNodeCount: 3,
  AutoPayOrder: false,
  ApplicationConfigs: [
    {
      ApplicationName: 'HDFS',
      ConfigFileName: 'hdfs-site.xml',
      ConfigItemKey: 'dfs.namenode.checkpoint.period',
      ConfigItemValue: '3600s',
      ConfigScope: 'NODE_GROUP',
      NodeGroupId: 'ng-869471354ecd****',
    },
  ],
};

export const WORKED_EXAMPLE_PAIRS: readonly (readonly [string, string])[] = [
  ['RegionId', 'cn-hangzhou'],
  ['ClusterId', 'c-b933c5aac8fe****'],
  ['NodeGroupId', 'ng-869471354ecd****'],
  ['IncreaseNodeCount', '3'],
  ['AutoPayOrder', 'false'],
  ['ApplicationConfigs.1.ApplicationName', 'HDFS'],
  ['ApplicationConfigs.1.ConfigFileName', 'hdfs-site.xml'],
  ['ApplicationConfigs.1.ConfigItemKey', 'dfs.namenode.checkpoint.period'],
  ['ApplicationConfigs.1.ConfigItemValue', '3600s'],
  ['ApplicationConfigs.1.ConfigScope', 'NODE_GROUP'],
  ['ApplicationConfigs.1.NodeGroupId', 'ng-869471354ecd****'],
];
